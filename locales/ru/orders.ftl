## Stages
stage-NEW = Создание заказа
stage-PARTS_PRICING = Калькуляция запчастей
stage-LABOUR_PRICING = Калькуляция работ
stage-CLIENT_APPROVAL = Согласование с клиентом
stage-PARTS_PURCHASE = Закупка запчастей
stage-AWAITING_DELIVERY = Ожидание поставки
stage-PRE_ISSUE_CHECK = Контроль перед выдачей
stage-DONE = Успешно завершено
stage-CANCELLED = Отказ

## Order card
card-in-stage = { $hours } ч на этапе
card-client = Клиент: { $name }, { $phone }
card-car = Авто: { $car }
card-master = Мастер: { $name }
card-complaint = Жалоба: { $text }
card-appointment = Запись: { $when }
card-parts-header = Запчасти ({ $count }):  закупка { $cost } · продажа { $sale }
card-part-line = { $head } — { $details }
card-part-unpriced = { $head } — не оценена
card-part-unavailable = { $head } — нет в наличии
card-days = { $days } дн.
card-vendor-order = заказ { $number }
card-received = пришло { $got }/{ $of }
card-works-header = Работы: { $total }
card-work-line = { $name } — { $cost }
card-works-none = Работы: не оценены
card-total = <b>Итого: { $total }</b>
card-cancel-reason = Причина отказа: { $reason }
card-task = ⏳ Задача: { $who }, срок до { $deadline }
card-btn-media = 📷 Фото ({ $count })
card-btn-history = 🕘 История
card-btn-car = 🚗 История авто
# The stage button names the work it opens.
card-btn-act-PARTS_PRICING = 💰 Оценить запчасти
card-btn-act-LABOUR_PRICING = 🔧 Оценить работы
card-btn-act-CLIENT_APPROVAL = 📞 Согласовать с клиентом
card-btn-act-PARTS_PURCHASE = 🛒 Заказать у поставщиков
card-btn-act-AWAITING_DELIVERY = 📦 Принять запчасти
card-btn-act-PRE_ISSUE_CHECK = 🔍 Проверить и выдать
card-btn-back = ↩️ Вернуть на этап…
card-btn-reassign = 👤 Передать задачу ({ $role })
card-btn-cancel = ✖️ Отменить заказ

## Notifications
notice-car-line = { $car } · мастер { $master }
notice-task_new = { $overdue ->
    [yes] ⚠️ Новая задача (просрочено), срок до { $deadline }
   *[no] Новая задача, срок до { $deadline }
}
notice-stage_changed = Заказ перешёл на этап «{ $stage }».
notice-task_taken = Задачу взял(а) { $name }.
notice-task_reassigned = Задачу передали: { $name }.
notice-order_cancelled = Заказ отменён: { $reason }. Проверьте запчасти к возврату.
notice-part_received = Пришла запчасть: { $part } — { $got } из { $of }.
notice-btn-take = 🙋 Беру
notice-btn-open = Открыть

## History, media, lists, search
history-title = 🕘 История заказа № { $order_id }
history-line = { $when } · { $source } → { $target } · { $who }
history-reason = ↳ причина: { $reason }
media-caption = Фото и видео заказа № { $order_id }
list-title = { $title } ({ $start }–{ $end } из { $total }):
list-empty = { $title }: пока пусто.
list-tasks = ✅ Мои задачи
list-mine = 📋 Мои заказы
list-open = 📋 Открытые заказы
list-search = 🔎 Найдено
list-car = 🚗 Заказы этого автомобиля
list-closed-week = 📋 Закрытые за эту неделю
list-closed-month = 📋 Закрытые за этот месяц
list-closed-prev = 📋 Закрытые за прошлый месяц
list-filter-open = Открытые
list-filter-closed = Закрытые
list-period-week = Эта неделя
list-period-month = Этот месяц
list-period-prev = Прошлый месяц
# The filter or period the list shows now.
list-filter-chosen = ✓ { $label }
search-ask = Пришлите номер заказа, телефон клиента, VIN (или последние 6 знаков) или госномер.
search-nothing = По запросу «{ $query }» ничего не нашлось. Попробуйте другой номер, телефон, VIN или госномер.
search-nothing-menu = Не понял сообщение: по запросу «{ $query }» ничего не нашлось. Выберите действие на клавиатуре внизу.
search-empty = Пришлите текстом номер заказа, телефон клиента, VIN (или последние 6 знаков) или госномер.
search-too-long = Слишком длинный запрос: не больше { $max } знаков. Пришлите номер заказа, телефон клиента, VIN или госномер.
task-taken-by-you = Задача ваша.

## Send back and cancel
send-back-banner = ↩️ Возврат с этапа «{ $source }» — { $who }:
    «{ $reason }»
send-back-who = { $name } ({ $role })
move-pick-stage = { $title }
    На какой этап вернуть заказ?
move-ask-reason = Вернуть на «{ $stage }». Напишите причину (что нужно исправить):
move-reason-required = Причина обязательна — напишите её одним сообщением.
move-nowhere = Раньше этого этапа вернуть некуда.
move-use-buttons = Выберите этап кнопкой ниже.
move-done = Заказ № { $order_id } возвращён на этап «{ $stage }».
cancel-ask-reason = { $title }
    Почему клиент отказался? Выберите или напишите причину:
cancel-reason-expensive = Дорого
cancel-reason-self = Сделает сам
cancel-reason-changed-mind = Передумал
cancel-done = Заказ № { $order_id } отменён.

## Reassigning a task
reassign-pick = № { $order_id }: кому передать задачу ({ $role })?
reassign-done = Задача по заказу № { $order_id } передана.
