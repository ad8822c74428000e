## The master's new order (dialogs/new_order).

new-order-title = New order

new-order-ask-phone = 📞 Client's phone? Any format: 8 916 123-45-67, +7 (916) 123 45 67.
new-order-current = Now: { $value }
new-order-btn-keep = ➡️ Keep as is

new-order-client-found = Client found:
new-order-client-line = 👤 { $name }, { $phone }
new-order-client-new-line = 👤 New client: { $name }, { $phone }
new-order-client-pick-car = Tap their car — or "That's them" if they came in another one.
new-order-btn-same = ✅ That's them
new-order-btn-same-other-car = ✅ That's them, another car
new-order-btn-other-client = 👤 Another client…
new-order-other-client = This number belongs to { $name }. Send the other client's number.
new-order-client-not-found = { $phone } is a new number — no client has it.
new-order-ask-name = Client's name? For example: Ivan Petrov.
new-order-btn-no-name = No name
new-order-no-name = no name
new-order-error-name-long = The name is longer than { $limit } characters. Shorten it and send again.

new-order-ask-car = 🚗 VIN or plate number — in one message. For example: XTA21099012345678 or А123ВС77.
new-order-ask-car-pick = Or tap the client's car.
new-order-car-other = { $car } belongs to another client: { $name }, { $phone }.
new-order-car-unclaimed = { $car } is on file but has no owner now.
new-order-ask-whose = Who is your client to this car?
new-order-btn-owner-changed = 🔁 New owner
new-order-btn-owner = 🔑 Owner
new-order-btn-driver = 🚗 Driver, not the owner
new-order-btn-other-car = 🆕 Another car with the same plate
new-order-ask-driver-note = { $car }: who is the driver to the owner? Tap or type, e.g. "nephew".
new-order-note-son = son
new-order-note-daughter = daughter
new-order-note-spouse = spouse
new-order-note-brother = brother
new-order-note-proxy = by proxy
new-order-note-none = no note
new-order-btn-no-note = No note
new-order-error-note = A note is up to { $limit } characters, e.g. "son". Send again.
new-order-car-new = 🆕 New car: { $ident }
new-order-car-decoded = From the VIN: { $car }
new-order-ask-model = Make and model in one line, e.g. "BMW X5" or "Lada Vesta 2018".
new-order-error-model = Not understood. Send the make and model, e.g. "BMW X5", or tap "Skip".
new-order-btn-skip = ⏭ Skip

new-order-car-line = 🚗 { $car }
new-order-car-line-new = 🚗 { $car } — new car
new-order-car-line-owner = 🚗 { $car } — new owner
new-order-car-line-driver = 🚗 { $car } — driver ({ $note })

new-order-ask-complaint = 📝 Client's complaint? For example: knocking front right over bumps.
new-order-error-complaint-long = The complaint is longer than { $limit } characters ({ $length }). Shorten it and send again.
new-order-complaint-line = 📝 { $text }

new-order-ask-parts =
    🔩 Which parts are needed? Send a list, one per line:
    Front brake pads 2
    Oil filter; 11427953129; 1
    No parts — tap "No parts".
new-order-parts-head = 🔩 Parts ({ $count }):
new-order-parts-none = 🔩 No parts
new-order-part = { $n }. { $name } ×{ $qty }
new-order-part-article = { $n }. { $name } ({ $article }) ×{ $qty }
new-order-parts-more = Send more lines to add, or tap "Done". You may send photos right away.
new-order-parts-hint = Send parts, one per line: "Front brake pads 2" or "Oil filter; 11427953129; 1".
new-order-parts-refused = Nothing from this message was added — fix the line and send the list again.
new-order-error-too-many-parts = At most { $limit } parts in one order.
new-order-ask-part-edit = ✏️ { $part }
    Send the replacement line, e.g.: Front brake pads 2
new-order-btn-edit = ✏️ { $n }
new-order-btn-remove = 🗑 { $n }
new-order-btn-more = ➕ More
new-order-btn-done = ✅ Done
new-order-btn-no-parts = No parts

new-order-ask-media = 📷 Send photos and videos (albums are fine), then tap "Done".
new-order-media-count = 📷 Photos: { $photos }, videos: { $videos }
new-order-media-big = Over 20 MB: { $count } — saved; they can be forwarded but not downloaded.
new-order-error-media-kind = This file won't do. Send a photo or a video.
new-order-error-too-many-media = At most { $limit } photos and videos in one order — the rest were not saved.

new-order-summary-head = Check the order:
new-order-btn-save = ✅ Save
new-order-saved = ✅ Order № { $order_id } created, { $stage ->
    [PARTS_PRICING] sent to the supplier.
    [LABOUR_PRICING] sent for labour pricing.
   *[other] stage "{ $stage_label }".
}

new-order-error-not-understood = Not understood. Answer the question below or tap a button.
