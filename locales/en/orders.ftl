## Stages
stage-NEW = New order
stage-PARTS_PRICING = Parts pricing
stage-LABOUR_PRICING = Labour pricing
stage-CLIENT_APPROVAL = Client approval
stage-PARTS_PURCHASE = Parts purchase
stage-AWAITING_DELIVERY = Awaiting delivery
stage-PRE_ISSUE_CHECK = Pre-issue check
stage-DONE = Done
stage-CANCELLED = Cancelled

## Order card
card-in-stage = { $hours } h in stage
card-client = Client: { $name }, { $phone }
card-car = Car: { $car }
card-master = Advisor: { $name }
card-complaint = Complaint: { $text }
card-appointment = Appointment: { $when }
card-parts-header = Parts ({ $count }):  cost { $cost } · sale { $sale }
card-part-line = { $head } — { $details }
card-part-unpriced = { $head } — not priced
card-part-unavailable = { $head } — not available
card-days = { $days } d
card-vendor-order = order { $number }
card-received = received { $got }/{ $of }
card-works-header = Works: { $total }
card-work-line = { $name } — { $cost }
card-works-none = Works: not priced
card-total = <b>Total: { $total }</b>
card-cancel-reason = Reason for refusal: { $reason }
card-task = ⏳ Task: { $who }, due { $deadline }
card-btn-media = 📷 Photos ({ $count })
card-btn-history = 🕘 History
card-btn-car = 🚗 Car history
# The stage button names the work it opens.
card-btn-act-PARTS_PRICING = 💰 Price the parts
card-btn-act-LABOUR_PRICING = 🔧 Price the labour
card-btn-act-CLIENT_APPROVAL = 📞 Agree with the client
card-btn-act-PARTS_PURCHASE = 🛒 Order from vendors
card-btn-act-AWAITING_DELIVERY = 📦 Receive the parts
card-btn-act-PRE_ISSUE_CHECK = 🔍 Check and hand over
card-btn-back = ↩️ Send back…
card-btn-reassign = 👤 Hand the task over ({ $role })
card-btn-cancel = ✖️ Cancel order

## Notifications
notice-car-line = { $car } · advisor { $master }
notice-task_new = { $overdue ->
    [yes] ⚠️ New task (overdue), due { $deadline }
   *[no] New task, due { $deadline }
}
notice-stage_changed = The order moved to “{ $stage }”.
notice-task_taken = { $name } took the task.
notice-task_reassigned = The task was handed to { $name }.
notice-order_cancelled = The order was cancelled: { $reason }. Check the parts to return.
notice-part_received = A part arrived: { $part } — { $got } of { $of }.
notice-btn-take = 🙋 I'll take it
notice-btn-open = Open

## History, media, lists, search
history-title = 🕘 History of order № { $order_id }
history-line = { $when } · { $source } → { $target } · { $who }
history-reason = ↳ reason: { $reason }
media-caption = Photos and videos of order № { $order_id }
list-title = { $title } ({ $start }–{ $end } of { $total }):
list-empty = { $title }: nothing yet.
list-tasks = ✅ My tasks
list-mine = 📋 My orders
list-open = 📋 Open orders
list-search = 🔎 Found
list-car = 🚗 Orders of this car
list-closed-week = 📋 Closed this week
list-closed-month = 📋 Closed this month
list-closed-prev = 📋 Closed last month
list-filter-open = Open
list-filter-closed = Closed
list-period-week = This week
list-period-month = This month
list-period-prev = Last month
# The filter or period the list shows now.
list-filter-chosen = ✓ { $label }
search-ask = Send an order number, the client's phone, a VIN (or its last 6 characters) or a plate.
search-nothing = Nothing found for “{ $query }”. Try another number, phone, VIN or plate.
search-nothing-menu = I did not understand that: nothing found for “{ $query }”. Pick an action on the keyboard below.
search-empty = Send an order number, the client's phone, a VIN (or its last 6 characters) or a plate as text.
search-too-long = That is too long to search for: { $max } characters at most. Send an order number, the client's phone, a VIN or a plate.
task-taken-by-you = The task is yours.

## Send back and cancel
send-back-banner = ↩️ Sent back from “{ $source }” by { $who }:
    “{ $reason }”
send-back-who = { $name } ({ $role })
move-pick-stage = { $title }
    Which stage should the order go back to?
move-ask-reason = Back to “{ $stage }”. Write the reason (what needs fixing):
move-reason-required = A reason is required — write it in one message.
move-nowhere = There is no earlier stage to go back to.
move-use-buttons = Pick the stage with a button below.
move-done = Order № { $order_id } is back at “{ $stage }”.
cancel-ask-reason = { $title }
    Why did the client refuse? Pick or write the reason:
cancel-reason-expensive = Too expensive
cancel-reason-self = Will do it himself
cancel-reason-changed-mind = Changed his mind
cancel-done = Order № { $order_id } is cancelled.

## Reassigning a task
reassign-pick = № { $order_id }: who takes the task ({ $role })?
reassign-done = The task of order № { $order_id } has been handed over.
