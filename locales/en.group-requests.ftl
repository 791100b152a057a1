## Requests in the community chat

group-request-staff = 💬 Request in the community chat: { $link }
group-request-staff-urgent = 🚨 URGENT request in the community chat: { $link }
group-peer-answer = 👥 Peer answer in the chat (another member): { $link }
group-emergency-public = If someone is in danger right now, call an ambulance: { $ambulance }. Stay with them. Press the button to get step-by-step help from a worker privately.
group-open-private-button = Write to a worker privately
group-take-private = A worker would like to continue this privately and anonymously. Press the button to open the chat with the bot.
group-private-welcome = You're in a private chat with the team now, about your question from the community chat. A worker will answer here; only you and the team see it.
group-private-not-found = This conversation is no longer open. Just write here if you need help.
group-answer-choose = How should this answer go out?
group-button-public = 📢 Answer publicly
group-button-private = 🔒 Take private
group-answer-text-only = Answers to the community chat are text only.
group-public-how = Write /public and the answer in the same message; it is posted in the chat as a reply, signed with your alias.
group-answer-already = This answer has already gone out.
group-answered-publicly = Answered publicly in the community chat.
group-invited-private = The member was invited to the private chat; your answer reaches them there.
group-member-went-private = The member opened the private chat: replies in this topic now reach them privately.
