# Deadlines and alerts: overdue tasks, delivery control, reminders, the digest, the sender.
alert-unreachable = ⚠️ { $name } заблокировал(а) бота — уведомления ему (ей) не доходят.
alert-task-overdue = ⚠️ <b>[Просрочено]</b> { $stage } — { $who }. Новый срок до { $deadline }.
alert-delivery = 🚚 { $days ->
        [0] Сегодня ждём
       *[other] { NUMBER($days) ->
            [one] Через { $days } день ждём
           *[other] Через { $days } дн. ждём
        }
    }: { $part } ×{ $quantity } · { $vendor } · заказ { $order_no }
    № { $id } · { $car } — ещё не поступила
alert-delivery-late = 🚚 Опаздывает на { $days } дн.: { $part } ×{ $quantity } · { $vendor } · заказ { $order_no }
    № { $id } · { $car } — ещё не поступила
alert-delivery-btn-ok = Приедет вовремя
alert-delivery-btn-date = Новая дата
alert-delivery-btn-cancel = Отменить у поставщика
alert-delivery-on-time = ✅ Записано: { $part } приедет вовремя.
alert-delivery-ask-date = Новая дата поставки «{ $part }»? Ответьте датой (например, 28.11 или «завтра»).
alert-delivery-new-date = 📅 { $part }: новая дата { $date }, проверки перенесены.
alert-delivery-cancelled = ↩️ { $part } отменена у поставщика; заказ № { $id } вернулся на калькуляцию запчастей.
alert-delivery-stale = Эта запчасть уже не ждёт поставки — действие не нужно.
alert-delivery-cancel-reason = Отменено у поставщика: { $part }
alert-reminder = { $soon ->
        [yes] ⏰ Скоро приезжает клиент: { $at }
       *[no] ⏰ Завтра запись: { $at }
    }
    Клиент: { $client }, { $phone }
    Жалоба: { $complaint }
digest-title = 📊 <b>Сводка за { $day }</b>
digest-yesterday = Вчера: открыто { $opened }, завершено { $closed }, отменено { $cancelled }.
digest-by-stage = <b>Заказы по этапам сейчас:</b>
digest-overdue = <b>Просроченные задачи:</b>
digest-late = <b>Опаздывают поставки:</b>
overdue-title = ⏰ <b>Просроченные задачи</b>
overdue-empty = ⏰ Просроченных задач нет.
overdue-not-taken = не взята
overdue-line = № { $id } · { $stage } · срок { $deadline }
