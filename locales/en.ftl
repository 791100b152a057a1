## Texts clients see

client-welcome =
    Hello! This is an anonymous chat with outreach workers.
    Write your question here, in your own words: text, a photo or a voice message. A worker will answer; we never ask for your name or phone number.
    In an emergency (overdose, someone is not breathing) call an ambulance: 103 or 112.
client-ack =
    Thank you, your message has reached the outreach team. A worker will answer here as soon as possible.
    If someone's life is in danger right now, call an ambulance: 103 or 112.
client-reply-signature = — { $alias }
client-contact-withheld = For your safety we do not pass on contact cards or phone numbers. Just write what you need here; the worker will answer in this chat.
client-case-closed = The worker has closed this conversation. If you need anything else, just write here again.

## Texts workers see in the staff group

staff-client-edited = ✏️ The client edited a message; the new version follows.
staff-alias-set = Your alias is now “{ $alias }”. Clients see it under your replies.
staff-alias-cleared = Your alias is cleared. Your replies go out unsigned.
staff-case-closed = Case #{ $case } is closed.
staff-case-already-closed = This case is already closed.
staff-case-closed-not-sent = This case is closed, so the client did not receive that. They can write again to open a new case.
staff-client-unreachable = Not delivered: the client blocked the bot or erased the conversation.
staff-unknown-command = Unknown command. In a case topic: /close closes the case, a message starting with ! is an internal note, /alias NAME sets your signature.
staff-delivery-failed = Not delivered to the client: { $reason }
staff-linked = This group is now Netreach's staff group. Each new case will get its own topic here.
staff-link-needs-forum = This group cannot be the staff group yet: turn on Topics in the group settings and make the bot an admin who can manage topics, then post the code again.
staff-client-erased = Not delivered: the client erased their conversation.
staff-contact-withheld = The client sent a contact card. It was not passed on, to keep phone numbers out of Netreach.
