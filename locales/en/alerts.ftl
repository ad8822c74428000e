# Deadlines and alerts: overdue tasks, delivery control, reminders, the digest, the sender.
alert-unreachable = ⚠️ { $name } has blocked the bot — notifications no longer reach them.
alert-task-overdue = ⚠️ <b>[Overdue]</b> { $stage } — { $who }. New deadline { $deadline }.
alert-delivery = 🚚 { $days ->
        [0] Due today
       *[other] { NUMBER($days) ->
            [one] Due in { $days } day
           *[other] Due in { $days } days
        }
    }: { $part } ×{ $quantity } · { $vendor } · order { $order_no }
    № { $id } · { $car } — not received yet
alert-delivery-late = 🚚 { $days } days late: { $part } ×{ $quantity } · { $vendor } · order { $order_no }
    № { $id } · { $car } — not received yet
alert-delivery-btn-ok = Arrives on time
alert-delivery-btn-date = New date
alert-delivery-btn-cancel = Cancel with vendor
alert-delivery-on-time = ✅ Noted: { $part } arrives on time.
alert-delivery-ask-date = New delivery date for “{ $part }”? Reply with a date (e.g. 28.11 or “tomorrow”).
alert-delivery-new-date = 📅 { $part }: new date { $date }, checks re-planned.
alert-delivery-cancelled = ↩️ { $part } cancelled with the vendor; order № { $id } is back at parts pricing.
alert-delivery-stale = This part is no longer awaited — nothing to do.
alert-delivery-cancel-reason = Cancelled with the vendor: { $part }
alert-reminder = { $soon ->
        [yes] ⏰ The client arrives soon: { $at }
       *[no] ⏰ Tomorrow's appointment: { $at }
    }
    Client: { $client }, { $phone }
    Complaint: { $complaint }
digest-title = 📊 <b>Digest for { $day }</b>
digest-yesterday = Yesterday: opened { $opened }, done { $closed }, cancelled { $cancelled }.
digest-by-stage = <b>Orders by stage now:</b>
digest-overdue = <b>Overdue tasks:</b>
digest-late = <b>Late deliveries:</b>
overdue-title = ⏰ <b>Overdue tasks</b>
overdue-empty = ⏰ No overdue tasks.
overdue-not-taken = not taken
overdue-line = № { $id } · { $stage } · due { $deadline }
