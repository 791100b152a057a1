## Общий чат: коды доступа, модерация, приветствие

community-ask-code = Здравствуйте! Чтобы вступить в наш общий чат, пришлите мне код доступа с карточки (из автобуса) или от друга из чата. Он выглядит так: ACDE-FHJK; регистр и дефисы не важны.
community-approved = Код верный: добро пожаловать в чат! Загляните в правила. Если захотите поговорить с сотрудником лично, просто напишите мне сюда.
community-rejoined = С возвращением в чат!
community-code-accepted = Код принят. Теперь отправьте заявку на вступление по ссылке-приглашению, и вас сразу пустят.
community-already-admitted = Ваш код уже принят. Отправьте заявку на вступление по ссылке-приглашению, и вас пустят.
community-code-invalid = Этот код не подходит. Проверьте его и пришлите ещё раз.
community-code-used = Этот код уже использован. Попросите новый в автобусе или у друга из чата.
community-code-wrong = Этот код не подходит. Осталось попыток: { $left }.
community-code-used-left = Этот код уже использован. Осталось попыток: { $left }.
community-declined = Заявка отклонена после трёх неверных кодов. Возьмите новый код в автобусе и отправьте заявку снова.
community-banned = Вступить в этот чат нельзя.
community-invite-not-member = Личные коды для друзей — для участников нашего общего чата.
community-invite-limit = Вы уже взяли { $limit } личных кода в этом месяце. Новые будут позже.
community-invite-code =
    Личный код для друга: { $code }
    Он действует один раз, { $days } дней. Друг может открыть { $link } или прислать мне код после заявки на вступление.
    Осталось кодов в этом месяце: { $left }.
community-reason-hate = разжигание ненависти
community-reason-dealing = продажа или поиск веществ
community-reason-insult = оскорбления
community-reason-spam = реклама
community-reason-link = ссылки
community-reason-flood = слишком много сообщений подряд
community-reason-staff = нарушение правил чата (решение сотрудника)
community-warned = Ваше сообщение в общем чате удалено: { $reason }. Пожалуйста, соблюдайте правила чата. Если считаете, что это ошибка, напишите /appeal и почему.
community-muted = Ваше сообщение в общем чате удалено: { $reason }. Писать в чат нельзя { $hours } ч. Если считаете, что это ошибка, напишите /appeal и почему.
community-appeal-button = Обжаловать
community-appeal-how = Напишите /appeal и в том же сообщении — почему решение, по-вашему, неверное. Команда его прочитает.
community-appeal-sent = Ваша жалоба передана команде. Сотрудник её посмотрит.
community-appeal-not-member = Обжалование — для участников нашего общего чата.
community-rules =
    Правила чата:
    • Уважаем друг друга: без оскорблений и ненависти.
    • Никаких продаж, покупок и контактов магазинов, рекламы, ссылок на магазины и боты.
    • Вопросы о веществах, дозах и более безопасном употреблении — можно и нужно: мы здесь для этого.
    • Не публикуйте чужие личные данные.
community-welcome-private = Добро пожаловать в общий чат! Сотрудник отвечает здесь, в личном чате, анонимно: просто напишите, когда нужно.
community-welcome-chat = Добро пожаловать в чат! Прочитайте закреплённые правила. Чтобы поговорить с сотрудником лично и анонимно, нажмите кнопку.
community-write-worker = ✉️ Написать сотруднику лично

## Общий чат: тексты для сотрудников

community-staff-ban-request = Запрос на бан участника общего чата #{ $member } ({ $reason }). Запрос #{ $request }: нужно подтверждение супервизора.
community-staff-ban-confirm = ✅ Подтвердить бан
community-staff-ban-reject = ✖️ Отклонить
community-staff-only-supervisor = Подтвердить или отклонить бан может только супервизор.
community-staff-ban-already = По этому запросу уже есть решение.
community-staff-ban-confirmed = Бан подтверждён.
community-staff-ban-rejected = Бан отклонён.
community-staff-banned = Участник общего чата #{ $member } забанен.
community-staff-ban-dropped = Бан участника общего чата #{ $member } отклонён.
community-staff-refused-bot = /{ $command } отклонено: нельзя применять к боту.
community-staff-refused-staff = /{ $command } отклонено: нельзя применять к сотруднику.
community-staff-warn-done = Участник общего чата #{ $member }: сообщение удалено, участник предупреждён лично.
community-staff-mute-done = Участник общего чата #{ $member }: сообщение удалено, участник не может писать.
community-staff-ban-done = Участник общего чата #{ $member }: сообщение удалено; бан ждёт подтверждения супервизора.
community-staff-appeal = Жалоба участника общего чата #{ $member } (последние причины: { $reasons }):
community-staff-review = Проверьте сообщение в общем чате от участника #{ $member } (возможно, { $reason }): оно осталось в чате. { $link }
community-staff-review-delete = 🗑 Удалить
community-staff-review-keep = ✅ Оставить
community-staff-review-removed = Сообщение удалено.
community-staff-review-kept = Сообщение оставлено.
community-staff-review-already = По этому сообщению уже решили.
community-staff-review-only-staff = Решать по сообщениям могут только сотрудники.
community-staff-review-removed-line = Участник общего чата #{ $member }: сообщение на проверке удалено и засчитано как нарушение.
community-staff-review-kept-line = Участник общего чата #{ $member }: сообщение на проверке оставлено.
