## Client approval (master): the estimate, the appointment or the client's refusal
approval-parts = Запчасти ({ $count }): { $total }
approval-works = Работы ({ $count }): { $total }
approval-delivery-hint = 🚚 Запчасти придут за { $days } дн. — записывайте не раньше { $ready }.
approval-ask-decision = Позвоните клиенту и отметьте его решение:
approval-btn-agreed = ✅ Клиент согласен
approval-btn-refused = ✖️ Клиент отказался
approval-ask-date = На какой день записать клиента? Выберите в календаре или пришлите дату, например 24.11.
approval-btn-today = сегодня
approval-btn-tomorrow = завтра
approval-btn-after-tomorrow = послезавтра
approval-cal-weekdays = Пн Вт Ср Чт Пт Сб Вс
approval-cal-months = Январь Февраль Март Апрель Май Июнь Июль Август Сентябрь Октябрь Ноябрь Декабрь
approval-ask-time = Запись на { $day }. Во сколько? Выберите время или пришлите своё, например 10:30.
approval-confirm = Запись: <b>{ $when }</b>
    Итого для клиента: { $total }
approval-btn-book = ✅ Записать
approval-booked = ✅ Клиент записан: { $when }. Заказ № { $order_id } — этап «{ $stage }».
approval-ask-reason = Клиент отказался. Почему? Выберите или напишите причину — заказ будет отменён.
approval-cancelled = ✖️ Заказ № { $order_id } отменён. Причина: { $reason }
approval-error-day = Этот день выбрать нельзя — выберите сегодня или позже (не дальше чем через год).
approval-error-past = Это время уже прошло — выберите время позже.
approval-error-reason-required = Причина обязательна — выберите её кнопкой или напишите одним сообщением.
approval-error-reason-long = Причина длиннее { $limit } знаков ({ $length }). Сократите и пришлите ещё раз.
approval-error-use-buttons = Ответьте кнопкой ниже.
