## Pre-issue check (master): every part and work ticked, then the car is handed over
pre-issue-ask = Check and tick every part and work:
pre-issue-item-part = { $name } — { $got }/{ $of }
pre-issue-item-work = { $name }
pre-issue-btn-issue = ✅ All in place, hand over
pre-issue-btn-issue-locked = 🔒 All in place, hand over
pre-issue-error-missing = Not ticked yet: { $items }. Check and tick them — then the car can go.
pre-issue-error-use-buttons = Tick with the buttons below.
pre-issue-done = 🏁 Order № { $order_id } handed over and closed. Thank you!
