# The mobile units' schedule the bot sends clients (built from the dashboard's stops).
mobile-schedule-stop = 📍 { $name }: { $place }
mobile-schedule-no-times = times to be announced
mobile-schedule-time = { $day } { $start }–{ $end }
mobile-schedule-services = Services: { $services }
mobile-schedule-exceptions = Changes in the coming days:
mobile-exception-cancelled = ❌ { $day } { $date }, { $stop }: cancelled
mobile-exception-changed = ⚠️ { $day } { $date }, { $stop }: changed
mobile-weekday-mon = Mon
mobile-weekday-tue = Tue
mobile-weekday-wed = Wed
mobile-weekday-thu = Thu
mobile-weekday-fri = Fri
mobile-weekday-sat = Sat
mobile-weekday-sun = Sun
mobile-service-syringes = syringes and needles
mobile-service-naloxone = naloxone
mobile-service-hiv-test = HIV test
mobile-service-hcv-test = hepatitis C test
mobile-service-syphilis-test = syphilis test
mobile-service-consultation = consultation
mobile-service-wound-care = wound care
mobile-service-condoms = condoms
mobile-service-prep = PrEP

# An emergency guide as text in the knowledge base, for a doctor to review.
kb-guide-step = Step “{ $step }”
kb-guide-button = → { $label }: { $target }
kb-guide-to-worker = hands over to a worker
kb-guide-end = ends the guide
kb-guide-other = opens the guide “{ $guide }”
kb-guide-goto = step “{ $step }”
kb-guide-follow-up = If the client presses nothing for { $minutes } min: step “{ $step }”
kb-guide-alert = Alerts the on-call staff.
kb-sources = Sources:
