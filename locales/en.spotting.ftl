## Spotting: "never use alone" check-ins (/spot)

spot-offer =
    I can check on you while you use. Choose when I should ask if you're OK. If you don't answer, a worker on call will be alerted.
    You can first leave an address or a contact for them: only they see it, only if you don't answer, and it is deleted when the check-in ends.
spot-minutes-button = { $minutes } min
spot-leave-info-button = 📍 Leave an address or contact first
spot-send-location-button = 📍 Send my location
spot-info-ask = Send your location with the button below (or 📎 → Location), or write the address in words: street, building, entrance, floor, flat. You can also write who we could call. Then choose the time.
spot-info-saved = Saved. Only the worker on call will see it, only if you don't answer, and it is deleted when the check-in ends. Add more, or choose the time:
spot-started = The check-in is on. In { $minutes } min I'll ask if you're OK. If you don't answer, a worker on call will be alerted.
spot-started-with-info = The check-in is on. In { $minutes } min I'll ask if you're OK. If you don't answer, a worker on call will be alerted and get what you left.
spot-state-preparing = You are leaving an address or contact for your check-in. Send it here, or choose the time:
spot-state-running = Your check-in is on: I'll ask if you're OK in about { $minutes } min.
spot-state-asking = Waiting for your answer: are you OK? Press the button.
spot-state-escalated = A worker on call has been alerted. If you're OK, press the button and we'll let them know.
spot-ok-button = ✅ I'm OK
spot-extend-button = ⏱ +{ $minutes } min
spot-cancel-button = ✖️ Stop the check-in
spot-ask = Are you OK? Press the button.
spot-ask-again = Checking again: are you OK? If there is no answer in { $minutes } min, a worker on call will be alerted.
spot-escalated-client = You didn't answer, so a worker on call has been alerted. If you're OK, press the button and we'll let them know.
spot-extended = Done: I'll ask in about { $minutes } min.
spot-ended-ok = Good to hear you're OK. The check-in is over and what you left is deleted. /spot any time you need it again.
spot-ended-ok-after-alert = Good to hear you're OK. The worker on call has been told. What you left is deleted.
spot-cancelled = The check-in is stopped and what you left is deleted. /spot starts a new one any time.
spot-already-ended = This check-in has already ended. /spot starts a new one any time.
spot-expired = The check-in is closed and what you left for it is deleted. /spot starts a new one any time.

## Spotting: texts workers see

spot-staff-alert = 🚨 CHECK-IN NOT ANSWERED: client { $code }, case #{ $case }. They started a { $minutes }-min check-in while using alone and did not answer twice. Possible overdose: write to them in the case topic and send help using what they left (next message).
spot-staff-location = 📍 Location: { $latitude }, { $longitude } { $link }
spot-staff-note = 📝 { $text }
spot-staff-nothing-left = The client left no address or contact. Write to them in the case topic.
spot-staff-client-ok = ✅ Client { $code } (case #{ $case }) answered the check-in: they are OK.
spot-staff-client-cancelled = ✅ Client { $code } (case #{ $case }) answered and stopped the check-in.
