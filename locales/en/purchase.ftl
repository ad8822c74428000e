## Parts purchase (supplier): the vendor order of each part
purchase-part-title = <b>🛒 № { $order_id } · part { $n } of { $total }: { $part } ×{ $qty }</b>
purchase-vendor = Vendor: { $vendor }
purchase-vendor-days = Vendor: { $vendor } · { $days } d.
purchase-ask-number = The vendor's order number?
purchase-ask-date = Order { $number }. When is it due? Pick or send a date, e.g. 24.11.
purchase-ask-date-typed = Order { $number }. Send the delivery date, e.g. 24.11 or “tomorrow”.
purchase-kept = Now: { $value } — send another or tap “Keep”.
purchase-saved = ✅ { $part }: order { $number }, due { $date }.
purchase-saved-many = ✅ Order { $number } ({ $vendor }, due { $date }): { $count } parts.
purchase-review = <b>🛒 № { $order_id } · every part is ordered</b>
    Correct a part or pass the order on to receiving.
purchase-line = { $n }. { $part } ×{ $qty } · { $vendor } · order { $number } · due { $date }
purchase-line-open = { $n }. { $part } ×{ $qty } · { $vendor } · not ordered
purchase-line-unavailable = { $n }. { $part } ×{ $qty } — not available
purchase-done = ✅ Purchase of order № { $order_id } is recorded.
purchase-done-moved = The order went on to “{ $stage }”.
purchase-btn-keep = ➡️ Keep: { $value }
purchase-btn-same = Same order { $number }
purchase-btn-same-all = Same order { $number } for every { $vendor } part
purchase-btn-in-days = { $date } (in { $days } d.)
purchase-btn-tomorrow = tomorrow
purchase-btn-other-date = another date…
purchase-btn-reorder = ✏️ { $n }. { $part }
purchase-btn-finish = ✅ Pass on to “{ $stage }”
purchase-error-number-long = An order number is at most { $limit } characters. Send a shorter one.

## Deliveries (supplier): what is still on its way
deliveries-title = <b>🚚 Deliveries: { $count } items awaited</b>
deliveries-line = № { $order_id } · { $part } { $got }/{ $of } · { $vendor } · order { $number } · { $when }
deliveries-wait = due { $date }
deliveries-late = ⚠️ was due { $date }
deliveries-no-date = no date
deliveries-more = …and { $count } more.
deliveries-empty = 🚚 Nothing to wait for: everything ordered has arrived.
deliveries-btn-open = Open № { $order_id }
