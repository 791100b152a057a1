## The anonymous web chat (/chat): what a person without Telegram sees.

web-chat-title = Anonymous chat with outreach workers
web-chat-home = Start
web-chat-about-link = What we keep
web-chat-back = Back
web-chat-emergency = If someone's life is in danger right now, call an ambulance: { $ambulance }. Then write here or press 🆘.
web-chat-intro = Write what you need in your own words. A worker will answer here. We never ask for your name, phone number or where you are, and this page keeps no cookie and runs no script. After your first message you get a codename: write it down, it is the only way back to this conversation, from any device.
web-chat-message-label = Your message
web-chat-text-only = Text only for now (no photos or voice), up to { $max } characters.
web-chat-question = To keep robots out, one question: how much is { $a } + { $b }? (write the number)
web-chat-send-first = Send and get my codename
web-chat-send = Send
web-chat-return-title = Already have a codename?
web-chat-codename-label = Your codename (seven words)
web-chat-open = Open my conversation
web-chat-codename-new = Your message has reached the outreach team.
web-chat-codename-is = Your codename (write it down, on paper or in your head; we cannot remind you of it):
web-chat-codename-why = Anyone with these words can read this conversation, and without them nobody can reopen it, us included: we keep only a keyed fingerprint of them. Answers do not come to you: reload this page to see them.
web-chat-refresh = ⟳ Refresh: see new answers
web-chat-auto-on = Reload by itself every { $seconds } seconds
web-chat-auto-off = Stop reloading by itself
web-chat-you = You
web-chat-worker = Worker
web-chat-bot = Bot
web-chat-media-not-shown = [The worker sent a photo or a file; the web chat shows text only. Ask them to write it.]
web-chat-erase-link = Erase my conversation
web-chat-erase-confirm = Erase this conversation? Your messages and the answers are deleted on our side, and the codename will open nothing any more. Only an anonymous note that a request was made (its topic, no text) stays for our reports. This cannot be undone.
web-chat-erased = Done: the conversation is erased and the codename opens nothing any more. If you write again, it starts from scratch with a new codename.
web-chat-not-found = There is no such page.
web-chat-failed = Something went wrong on our side and your message may not have been sent. Please try again. If someone's life is in danger, call an ambulance: { $ambulance }.
web-chat-refused-unknown-codename = This codename opens no conversation. Check the words (their order matters). A conversation that was erased cannot be opened; a lost codename cannot be recovered: just start a new conversation.
web-chat-refused-too-many-tries = Too many codenames were tried just now. Please wait a minute and try again. You can start a new conversation at any time.
web-chat-refused-too-many = You have sent many messages in a short time. Please wait a few minutes; what you sent has reached the team.
web-chat-refused-busy = The chat is very busy right now. Please try again in a minute. If someone's life is in danger, call an ambulance.
web-chat-refused-replayed = This form was already sent. If you wrote down your codename, open your conversation with it.
web-chat-refused-wrong-answer = The answer to the question was not right (or the page was open too long). Here is a new question; your message is still below.
web-chat-refused-empty = The message is empty.
web-chat-refused-too-long = The message is too long: { $max } characters at most. Please split it into several.
web-chat-about-title = What we keep, and for how long
web-chat-about =
    We keep: your messages and the workers' answers, encrypted, for { $days } days, and then delete them; a keyed fingerprint of your codename (not the codename itself), so that it can open the conversation; and an anonymous, coded record that a request was made (its topic, without any text), for the organisation's reports.
    We do not keep: your IP address, your browser, cookies, your name or phone number. Nothing on these pages comes from another site, and they run no script.
    The codename is { $bits } bits of randomness: it cannot be guessed, and tries are limited. It appears in the address of your conversation page: use a private window (or Tor Browser), and erase the conversation when you no longer need it.
    "Erase my conversation" deletes your messages and the answers at once and makes the codename useless.
staff-web-chat-case = 🌐 Web chat: this person writes from the anonymous web chat, without Telegram. They see answers only when they reload the page, and text only (no photos or voice). Reply here as usual.
