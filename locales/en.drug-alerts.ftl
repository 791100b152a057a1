## Drug alerts: anonymous reports of dangerous batches

drug-alert-ask-what = Thank you for warning others. This report is anonymous: the team doesn't see who sent it.
    1/3. What was it? (what it was sold as, what it looked like) Write /cancel to stop.
drug-alert-ask-where = 2/3. Where? Name the area or district only, no addresses or names.
drug-alert-ask-happened = 3/3. What happened? (unusual effects, overdoses, how strong it was)
drug-alert-thanks = Thank you. The team will check your report; if it is confirmed, a warning will go out in our channel. Nothing links it to you.
drug-alert-cancelled = The report is cancelled.
drug-alert-staff =
    ⚠️ Drug alert #{ $id } (anonymous, not verified)
    What: { $what }
    Where: { $area } { $tag }
    What happened: { $happened }
drug-alert-button-verify = ✅ Verified
drug-alert-button-reject = ❌ Reject
drug-alert-button-publish = 📢 Publish to the channel
drug-alert-gone = This alert no longer exists.
drug-alert-already = Alert #{ $id } was already handled.
drug-alert-verified = Alert #{ $id } is verified. A supervisor can publish it to the channel.
drug-alert-rejected = Alert #{ $id } is rejected; it will not be published.
drug-alert-only-supervisor = Only a supervisor can do this.
drug-alert-verify-first = The alert has to be verified first.
drug-alert-no-channel = No channel is configured (CHANNEL_CHAT_ID).
drug-alert-published = Alert #{ $id } is published in the channel.
drug-alert-post =
    ⚠️ Warning: a dangerous batch { $tag }
    What: { $what }
    Where: { $area }
    What happened: { $happened }
    Start with a small test dose, don't use alone, keep naloxone at hand.
