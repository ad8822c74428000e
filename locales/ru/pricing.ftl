## Parts pricing (supplier): one part at a time
pricing-part-title = <b>💰 № { $order_id } · часть { $n } из { $total }: { $part } ×{ $qty }</b>
pricing-article = Артикул: { $article }
pricing-ask-purchase = Цена закупки за шт.? Ответьте числом
    — или одной строкой: <code>3100 4030 Emex 3</code>
    (закупка, продажа или «-» по наценке, поставщик, дней)
pricing-ask-sale = Закупка { $purchase } за шт. Цена продажи за шт.?
pricing-ask-vendor = Поставщик? Выберите или напишите название.
pricing-ask-vendor-name = Напишите название поставщика.
pricing-ask-days = Поставщик: { $vendor }. Срок поставки, дней? Выберите или пришлите число.
pricing-days = { $days } дн.
pricing-kept = Сейчас: { $value } — пришлите другое или нажмите «Оставить».
pricing-kept-markup = по наценке
pricing-saved = ✅ { $part }: { $purchase } → { $sale } · { $vendor } · { $days } дн.
pricing-saved-unavailable = ✅ { $part }: нет в наличии.
pricing-review = <b>💰 № { $order_id } · все запчасти оценены</b>
    Исправьте нужную или передайте заказ дальше.
pricing-totals = Закупка { $cost } · продажа { $sale }
pricing-done = ✅ Калькуляция запчастей по заказу № { $order_id } готова.
pricing-done-moved = Заказ передан на этап «{ $stage }».
pricing-btn-unavailable = Нет в наличии
pricing-btn-markup = по наценке { $percent }% = { $price }
pricing-btn-quick = ⚡ по наценке · { $vendor } · { $days } дн.
pricing-btn-other-vendor = другой…
pricing-btn-keep = ➡️ Оставить: { $value }
pricing-btn-reprice = ✏️ { $n }. { $part }
pricing-btn-finish = ✅ Передать на «{ $stage }»
pricing-error-line = Не понял строку. Формат: закупка, продажа (или «-» по наценке), поставщик, дней; цены — без пробелов внутри, например <code>3100 4030 Emex 3</code> или <code>3100 - Emex 3</code>.
pricing-error-days = Срок — целое число дней от 0 до 365, например 3. Пришлите ещё раз.
pricing-error-vendor-long = Название поставщика — не длиннее { $limit } знаков. Пришлите короче.
