## Receiving (storekeeper): the awaited parts, how many came, partial receipts
receiving-line-waiting = ⏳ { $name } — { $details }
receiving-line-done = ✅ { $name } — { $counts }
receiving-expected = ждём { $day }
receiving-ask-part = Что пришло? Нажмите на запчасть.
receiving-ask-quantity = <b>{ $name }</b>: получено { $counts }, ждём ещё { $missing }.
    Сколько пришло сейчас?
receiving-ask-typed = <b>{ $name }</b>: ждём ещё { $missing }. Пришлите, сколько пришло, числом — например 1 или 1,5.
receiving-btn-all = все { $missing }
receiving-btn-other = другое…
receiving-received = ✅ Принято: { $name } ×{ $quantity } (теперь { $counts }).
receiving-already = «{ $name }» уже получена полностью.
receiving-all-in = 📦 Все запчасти получены. Заказ № { $order_id } передан мастеру — этап «{ $stage }».
receiving-error-tap-part = Нажмите на запчасть, которая пришла.
