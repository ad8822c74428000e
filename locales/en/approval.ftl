## Client approval (master): the estimate, the appointment or the client's refusal
approval-parts = Parts ({ $count }): { $total }
approval-works = Works ({ $count }): { $total }
approval-delivery-hint = 🚚 The parts take { $days } d — book no earlier than { $ready }.
approval-ask-decision = Call the client and record the answer:
approval-btn-agreed = ✅ Client agrees
approval-btn-refused = ✖️ Client refused
approval-ask-date = Which day to book the client? Pick it in the calendar or send a date, e.g. 24.11.
approval-btn-today = today
approval-btn-tomorrow = tomorrow
approval-btn-after-tomorrow = day after
approval-cal-weekdays = Mo Tu We Th Fr Sa Su
approval-cal-months = January February March April May June July August September October November December
approval-ask-time = Booking on { $day }. At what time? Pick a slot or send your own, e.g. 10:30.
approval-confirm = Appointment: <b>{ $when }</b>
    Total for the client: { $total }
approval-btn-book = ✅ Book
approval-booked = ✅ Client booked: { $when }. Order № { $order_id } — stage “{ $stage }”.
approval-ask-reason = The client refused. Why? Pick or write the reason — the order will be cancelled.
approval-cancelled = ✖️ Order № { $order_id } cancelled. Reason: { $reason }
approval-error-day = This day cannot be picked — choose today or later (within a year).
approval-error-past = This time has passed — pick a later time.
approval-error-reason-required = A reason is required — pick a button or write it in one message.
approval-error-reason-long = The reason is longer than { $limit } characters ({ $length }). Shorten it and send again.
approval-error-use-buttons = Answer with a button below.
