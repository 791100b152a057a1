# Расписание мобильных пунктов, которое бот отправляет клиентам (из остановок в панели).
mobile-schedule-stop = 📍 { $name }: { $place }
mobile-schedule-no-times = время уточняется
mobile-schedule-time = { $day } { $start }–{ $end }
mobile-schedule-services = Услуги: { $services }
mobile-schedule-exceptions = Изменения в ближайшие дни:
mobile-exception-cancelled = ❌ { $day } { $date }, { $stop }: отменено
mobile-exception-changed = ⚠️ { $day } { $date }, { $stop }: изменения
mobile-weekday-mon = Пн
mobile-weekday-tue = Вт
mobile-weekday-wed = Ср
mobile-weekday-thu = Чт
mobile-weekday-fri = Пт
mobile-weekday-sat = Сб
mobile-weekday-sun = Вс
mobile-service-syringes = шприцы и иглы
mobile-service-naloxone = налоксон
mobile-service-hiv-test = тест на ВИЧ
mobile-service-hcv-test = тест на гепатит C
mobile-service-syphilis-test = тест на сифилис
mobile-service-consultation = консультация
mobile-service-wound-care = обработка ран
mobile-service-condoms = презервативы
mobile-service-prep = ДКП (PrEP)

# Экстренная инструкция текстом в базе знаний, чтобы врач мог её проверить.
kb-guide-step = Шаг «{ $step }»
kb-guide-button = → { $label }: { $target }
kb-guide-to-worker = передаёт сотруднику
kb-guide-end = завершает инструкцию
kb-guide-other = открывает инструкцию «{ $guide }»
kb-guide-goto = шаг «{ $step }»
kb-guide-follow-up = Если клиент ничего не нажал { $minutes } мин: шаг «{ $step }»
kb-guide-alert = Оповещает дежурных сотрудников.
kb-sources = Источники:
