## Receiving (storekeeper): the awaited parts, how many came, partial receipts
receiving-line-waiting = ⏳ { $name } — { $details }
receiving-line-done = ✅ { $name } — { $counts }
receiving-expected = due { $day }
receiving-ask-part = What has arrived? Tap a part.
receiving-ask-quantity = <b>{ $name }</b>: received { $counts }, { $missing } still to come.
    How many came now?
receiving-ask-typed = <b>{ $name }</b>: { $missing } still to come. Send how many came as a number — e.g. 1 or 1.5.
receiving-btn-all = all { $missing }
receiving-btn-other = other…
receiving-received = ✅ Received: { $name } ×{ $quantity } (now { $counts }).
receiving-already = “{ $name }” is already fully received.
receiving-all-in = 📦 All parts are in. Order № { $order_id } goes to the advisor — stage “{ $stage }”.
receiving-error-tap-part = Tap the part that has arrived.
