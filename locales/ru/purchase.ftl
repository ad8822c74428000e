## Parts purchase (supplier): the vendor order of each part
purchase-part-title = <b>🛒 № { $order_id } · деталь { $n } из { $total }: { $part } ×{ $qty }</b>
purchase-vendor = Поставщик: { $vendor }
purchase-vendor-days = Поставщик: { $vendor } · срок { $days } дн.
purchase-ask-number = Номер заказа у поставщика?
purchase-ask-date = Заказ { $number }. Когда ждём поставку? Выберите или пришлите дату, например 24.11.
purchase-ask-date-typed = Заказ { $number }. Пришлите дату поставки, например 24.11 или «завтра».
purchase-kept = Сейчас: { $value } — пришлите другое или нажмите «Оставить».
purchase-saved = ✅ { $part }: заказ { $number }, ждём { $date }.
purchase-saved-many = ✅ Заказ { $number } ({ $vendor }, ждём { $date }): деталей — { $count }.
purchase-review = <b>🛒 № { $order_id } · все запчасти заказаны</b>
    Исправьте нужную или передайте заказ на приёмку.
purchase-line = { $n }. { $part } ×{ $qty } · { $vendor } · заказ { $number } · ждём { $date }
purchase-line-open = { $n }. { $part } ×{ $qty } · { $vendor } · не заказана
purchase-line-unavailable = { $n }. { $part } ×{ $qty } — нет в наличии
purchase-done = ✅ Закупка по заказу № { $order_id } записана.
purchase-done-moved = Заказ передан на этап «{ $stage }».
purchase-btn-keep = ➡️ Оставить: { $value }
purchase-btn-same = Тот же заказ { $number }
purchase-btn-same-all = Тот же заказ { $number } для всех деталей { $vendor }
purchase-btn-in-days = { $date } (через { $days } дн.)
purchase-btn-tomorrow = завтра
purchase-btn-other-date = другая дата…
purchase-btn-reorder = ✏️ { $n }. { $part }
purchase-btn-finish = ✅ Передать на «{ $stage }»
purchase-error-number-long = Номер заказа — не длиннее { $limit } знаков. Пришлите короче.

## Deliveries (supplier): what is still on its way
deliveries-title = <b>🚚 Поставки: ждём позиций — { $count }</b>
deliveries-line = № { $order_id } · { $part } { $got }/{ $of } · { $vendor } · заказ { $number } · { $when }
deliveries-wait = ждём { $date }
deliveries-late = ⚠️ ждали { $date }
deliveries-no-date = дата не указана
deliveries-more = …и ещё { $count }.
deliveries-empty = 🚚 Ждать нечего: всё заказанное уже пришло.
deliveries-btn-open = Открыть № { $order_id }
