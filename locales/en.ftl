## Texts clients see

client-welcome =
    Hello! This is an anonymous chat with outreach workers.
    Write your question here, in your own words: text, a photo or a voice message. A worker will answer; we never ask for your name or phone number.
    In an emergency press 🆘 below: the bot will guide you step by step at any hour and call a worker. /lang switches the language.
client-ack =
    Thank you, your message has reached the outreach team. A worker will answer here as soon as possible.
    If someone's life is in danger right now, press 🆘 or call an ambulance: { $ambulance }.
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
staff-unknown-command = Unknown command. In a case topic: /close closes the case, a message starting with ! is an internal note. Anywhere: /alias NAME sets your signature, /oncall on|off, /alerts on|off.
staff-delivery-failed = Not delivered to the client: { $reason }
staff-linked = This group is now Netreach's staff group. Each new case will get its own topic here.
staff-link-needs-forum = This group cannot be the staff group yet: turn on Topics in the group settings and make the bot an admin who can manage topics, then post the code again.
staff-client-erased = Not delivered: the client erased their conversation.
staff-contact-withheld = The client sent a contact card. It was not passed on, to keep phone numbers out of Netreach.

## Emergencies, buttons and language

sos-button = 🆘 SOS
client-choose-language = Choose your language:
client-language-set = Done: I will write in English. The 🆘 button below is always there.
client-button-expired = This button is no longer active. Write here, or press 🆘.
client-voice-ask-text = Thank you, the voice message has reached the team. If you can, please also write it as text: a worker may not be able to listen right away, and text gets an answer sooner.
guide-unverified = ⚠️ Not yet verified by our doctors: general guidance based on WHO recommendations (version { $version }). In any doubt, call an ambulance.
guide-verified = ✅ Checked by our { $role } on { $date }.
guide-no-hotline = call { $ambulance }, or keep writing here: a worker is being called now
guide-worker-called = A worker has been called and will write here as soon as possible. If life is in danger, call an ambulance now: { $ambulance }.
guide-ended = Take care. Write here any time, day or night; the 🆘 button is always below.
client-danger-check = Is someone's life in danger right now? One tap is enough. If you are not sure, press "Yes".
client-danger-yes = 🆘 Yes, right now
client-danger-no-button = No
client-danger-no = Thank you. A worker will answer you here. If things get worse, press 🆘 or call an ambulance: { $ambulance }.
staff-emergency-alert = 🚨 URGENT — { $kind }: client { $code }, case #{ $case }. The bot is guiding the client; answer in this topic now.
staff-emergency-alert-repeat = 🚨 STILL NO ANSWER ({ $repeat }) — { $kind }: client { $code }, case #{ $case }. Someone please answer in this topic.
staff-emergency-last-step = Client's last step: «{ $step }» ({ $minutes } min ago).
staff-emergency-guide-start = the first step of the { $kind } guide
staff-danger-asked = ❔ Triage saw signs of danger it could not call urgent: the client was asked whether someone's life is in danger right now.
staff-danger-answered-no = ❔ The client answered «No»: no life in danger right now.
emergency-kind-overdose = overdose
emergency-kind-crisis = suicide risk
emergency-kind-bleeding = heavy bleeding
emergency-kind-worker = the client asks for a worker now
emergency-kind-sos = SOS (the client pressed 🆘 and has not said what is happening yet)
staff-oncall-on = You are on call: emergency alerts mention you. /oncall off to stop.
staff-oncall-off = You are off call.
staff-alerts-on = Emergency alerts will also come to you privately while you are on call (start a private chat with the bot once so it can write to you).
staff-alerts-off = No private alerts.
staff-voice-flag = 🎤 Voice message, { $duration } — the client was asked to also write it as text.

## Erase me

forget-confirm = Erase this conversation? The bot will delete the messages it still can in this chat (up to two days old) and delete your messages on our side. Only an anonymous note that a request was made (its topic, no text) stays. This cannot be undone.
forget-yes = Yes, erase everything
forget-no = No, keep it
forget-kept = Nothing was deleted.
forget-done = Done: the conversation is erased. If you write again, it starts from scratch; nobody will see the old messages.
staff-client-forgot = 🧹 The client erased this conversation. Their messages are deleted; the coded case stays. If they write again, they will have a new code.

## Needs in plain words (buttons for unclear messages)

client-needs-offer = To get you to the right person faster: what is it about? (You can also just keep writing.)
client-need-chosen = Thank you. A worker will answer here.
staff-client-chose-need = The client chose: { $need }
staff-client-chose-guide = 🆘 Client chose: «{ $choice }» → { $outcome ->
    [worker] a worker was called
    [end] the guide was closed
    [expired] old button, nothing sent
   *[guidance] guidance sent
  }
transcript-choice-unlabelled = button “{ $data }”
staff-doctor-flag = 🩺 Wound photo: a doctor should look at this case.
need-injection_minor = Veins, bruises, small wounds
need-injection_severe = Abscess, swelling, fever
need-overdose = Overdose (not right now)
need-info_hr_hiv_hcv = HIV, hepatitis, safer use, the bus
need-hr_services = Tests, syringes, naloxone
need-info_detox = Withdrawal and detox at home
need-offline_services = Doctor, lawyer, documents, treatment
need-psych_support = I need to talk
need-info_covid = Epidemic and restrictions

## Working hours

client-ack-after-hours =
    Thank you, your message has reached the outreach team. Workers are not at work right now; a worker will answer here when work starts: { $when }.
    If someone's life is in danger, press 🆘: the bot guides you at any hour and calls whoever is on duty. Or call an ambulance: { $ambulance }.
client-ack-closed =
    Thank you, your message has reached the outreach team. A worker will answer here as soon as possible.
    If someone's life is in danger, press 🆘 or call an ambulance: { $ambulance }.

## Feedback

client-org-contacts = Our contacts: { $contacts }
feedback-ask = Did we help? One tap, anonymous:
feedback-helped = 👍 It helped
feedback-partly = 🤏 Partly
feedback-not_helped = 👎 It did not help
feedback-thanks = Thank you! If you want, reply to this message with a few words: what was good, what we should do better. It is optional and anonymous.
feedback-placeholder = Your comment (optional)
feedback-comment-thanks = Thank you, we will read it. Write here any time.
feedback-already = You have already rated this, thank you.

## Self-help

kb-topics = Self-help topics, any time of day:
kb-while-you-wait = While you wait for a worker, this may help:
kb-after-hours-topics = Meanwhile, you can read about:
kb-ask-a-worker = ask a worker here, they will tell you the current details
article-unverified = ⚠️ Not yet verified by our doctors: general information (version { $version }). A worker can tell you more.
staff-morning-digest = ☀️ Good morning. Waiting for a first answer since after hours: { $count }
article-verified = ✅ Checked by our { $role } on { $date }.
role-doctor = doctor
role-supervisor = supervisor
role-worker = outreach worker
role-admin = administrator
role-researcher = researcher
