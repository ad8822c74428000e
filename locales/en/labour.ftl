## Labour pricing (head): works with their cost, approval or a move back to parts pricing
labour-parts = Parts ({ $count }): { $total }
labour-works = Works ({ $count }): { $total }
labour-works-none = Works: none yet
labour-ask-works = Send the works, one per line: name and cost. For example:
    <code>Brake pads replacement 1500</code>
    <code>Suspension check; 2000</code>
labour-added = ✅ { $count ->
    [one] Added { $count } work
   *[other] Added { $count } works
} for { $total }.
labour-removed = 🗑 Work removed.
labour-btn-remove = 🗑 { $n }
labour-btn-approve = ✅ Approve
labour-btn-return = ↩️ Send back to parts pricing
labour-ask-comment = ↩️ Send back to parts pricing. Tell the supplier what to fix:
labour-approved = ✅ Labour approved ({ $total }). Order № { $order_id } goes to the advisor for client approval.
labour-returned = ↩️ Order № { $order_id } was sent back to parts pricing. Comment: { $comment }
labour-error-empty = Send the works as text, one per line, e.g. Brake pads replacement 1500
labour-error-too-many = At most 30 works per message (line { $line } is the 31st). Nothing was saved — send the list in parts.
labour-error-no-cost = Line { $line } “{ $text }”: no cost at the end. Example: Brake pads replacement 1500. Nothing was saved — send the list again.
labour-error-no-name = Line { $line } “{ $text }”: no work name. Example: Brake pads replacement 1500. Nothing was saved — send the list again.
labour-error-long-name = Line { $line }: the name is longer than 200 characters. Shorten it and send the list again.
labour-error-cost = Line { $line } “{ $text }”: { $problem } Nothing was saved — send the list again.
labour-error-comment-required = A comment is required — write what to fix.
labour-error-comment-long = The comment is longer than { $limit } characters ({ $length }). Shorten it and send again.
