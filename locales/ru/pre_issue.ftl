## Pre-issue check (master): every part and work ticked, then the car is handed over
pre-issue-ask = Проверьте и отметьте каждую запчасть и работу:
pre-issue-item-part = { $name } — { $got }/{ $of }
pre-issue-item-work = { $name }
pre-issue-btn-issue = ✅ Всё на месте, выдать
pre-issue-btn-issue-locked = 🔒 Всё на месте, выдать
pre-issue-error-missing = Ещё не отмечено: { $items }. Проверьте и отметьте — тогда можно выдавать.
pre-issue-error-use-buttons = Отмечайте кнопками ниже.
pre-issue-done = 🏁 Заказ № { $order_id } выдан и закрыт. Спасибо!
