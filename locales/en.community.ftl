## Community chat: access codes, moderation, welcome

community-ask-code = Hello! To join our community chat, send me the access code from your card (from the mobile unit) or from a friend in the chat. It looks like ACDE-FHJK; case and dashes don't matter.
community-approved = The code is right: welcome to the chat! Please read the rules when you get in. If you want to talk to a worker privately, just write to me here.
community-rejoined = Welcome back to the chat!
community-code-accepted = The code is accepted. Now ask to join the chat with the invite link, and you'll be let in at once.
community-already-admitted = Your code is already accepted. Ask to join the chat with the invite link and you'll be let in.
community-code-invalid = This code doesn't work. Check it and send it again.
community-code-used = This code has already been used. Ask at the mobile unit or a friend in the chat for a new one.
community-code-wrong = This code doesn't work. Attempts left: { $left }.
community-code-used-left = This code has already been used. Attempts left: { $left }.
community-declined = The request to join is declined after three wrong codes. Get a new code at the mobile unit and ask to join again.
community-banned = You can't join this chat.
community-invite-not-member = Personal codes for friends are for members of our community chat.
community-invite-limit = You have used your { $limit } personal codes for this month. New ones will be available later.
community-invite-code =
    A personal code for a friend: { $code }
    It works once, for { $days } days. Your friend can open { $link } or send the code to me after asking to join the chat.
    Codes left this month: { $left }.
community-reason-hate = hate speech
community-reason-dealing = selling or looking for drugs
community-reason-insult = insulting someone
community-reason-spam = advertising
community-reason-link = links
community-reason-flood = too many messages at once
community-reason-staff = breaking the chat rules (a worker's decision)
community-warned = Your message in the community chat was removed: { $reason }. Please keep to the chat rules. If you think this is a mistake, write /appeal and why.
community-muted = Your message in the community chat was removed: { $reason }. You can't write in the chat for { $hours } h. If you think this is a mistake, write /appeal and why.
community-appeal-button = Appeal
community-appeal-how = Write /appeal and, in the same message, why you think the decision was wrong. The team will read it.
community-appeal-sent = Your appeal has been passed to the team. A worker will look at it.
community-appeal-not-member = Appeals are for members of our community chat.
community-rules =
    Chat rules:
    • We respect each other: no insults, no hate.
    • No selling, buying or shop contacts, no advertising, no links to shops or bots.
    • Questions about drugs, doses and safer use are welcome: that's what we're here for.
    • Don't share anyone's personal details.
community-welcome-private = Welcome to the community chat! A worker answers here, in this private chat, anonymously: just write when you need.
community-welcome-chat = Welcome to the chat! Please read the pinned rules. To talk to a worker privately and anonymously, press the button.
community-write-worker = ✉️ Write to a worker privately

## Community chat: texts workers see

community-staff-ban-request = Ban request for community member #{ $member } ({ $reason }). Request #{ $request }: a supervisor must confirm.
community-staff-ban-confirm = ✅ Confirm ban
community-staff-ban-reject = ✖️ Reject
community-staff-only-supervisor = Only a supervisor can confirm or reject a ban.
community-staff-ban-already = This request has already been decided.
community-staff-ban-confirmed = Ban confirmed.
community-staff-ban-rejected = Ban rejected.
community-staff-banned = Community member #{ $member } is banned.
community-staff-ban-dropped = The ban of community member #{ $member } was rejected.
community-staff-refused-bot = /{ $command } refused: it cannot be used on the bot.
community-staff-refused-staff = /{ $command } refused: it cannot be used on a worker.
community-staff-warn-done = Community member #{ $member }: message removed and member warned privately.
community-staff-mute-done = Community member #{ $member }: message removed and member muted.
community-staff-ban-done = Community member #{ $member }: message removed; the ban waits for a supervisor.
community-staff-appeal = Appeal from community member #{ $member } (recent reasons: { $reasons }):
community-staff-review = Please check a message in the community chat from member #{ $member } (maybe { $reason }): it was left in the chat. { $link }
community-staff-review-delete = 🗑 Remove
community-staff-review-keep = ✅ Keep
community-staff-review-removed = Message removed.
community-staff-review-kept = Message kept.
community-staff-review-already = This message has already been decided.
community-staff-review-only-staff = Only staff can decide on a message.
community-staff-review-removed-line = Community member #{ $member }: the message under review was removed; it counts as an offence.
community-staff-review-kept-line = Community member #{ $member }: the message under review was kept.
