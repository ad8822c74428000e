## Parts pricing (supplier): one part at a time
pricing-part-title = <b>💰 № { $order_id } · part { $n } of { $total }: { $part } ×{ $qty }</b>
pricing-article = Part number: { $article }
pricing-ask-purchase = Purchase price per unit? Reply with a number
    — or in one line: <code>3100 4030 Emex 3</code>
    (purchase, sale or “-” for the markup, vendor, days)
pricing-ask-sale = Purchase { $purchase } per unit. Sale price per unit?
pricing-ask-vendor = Vendor? Pick one or type the name.
pricing-ask-vendor-name = Type the vendor's name.
pricing-ask-days = Vendor: { $vendor }. Delivery time in days? Pick or send a number.
pricing-days = { $days } d.
pricing-kept = Now: { $value } — send another or tap “Keep”.
pricing-kept-markup = by markup
pricing-saved = ✅ { $part }: { $purchase } → { $sale } · { $vendor } · { $days } d.
pricing-saved-unavailable = ✅ { $part }: not available.
pricing-review = <b>💰 № { $order_id } · every part is priced</b>
    Correct a part or pass the order on.
pricing-totals = Purchase { $cost } · sale { $sale }
pricing-done = ✅ Parts pricing of order № { $order_id } is done.
pricing-done-moved = The order went on to “{ $stage }”.
pricing-btn-unavailable = Not available
pricing-btn-markup = by markup { $percent }% = { $price }
pricing-btn-quick = ⚡ by markup · { $vendor } · { $days } d.
pricing-btn-other-vendor = other…
pricing-btn-keep = ➡️ Keep: { $value }
pricing-btn-reprice = ✏️ { $n }. { $part }
pricing-btn-finish = ✅ Pass on to “{ $stage }”
pricing-error-line = Could not read the line. Format: purchase, sale (or “-” for the markup), vendor, days; prices without spaces inside, e.g. <code>3100 4030 Emex 3</code> or <code>3100 - Emex 3</code>.
pricing-error-days = Delivery time is a whole number of days from 0 to 365, e.g. 3. Send it again.
pricing-error-vendor-long = A vendor name is at most { $limit } characters. Send a shorter one.
