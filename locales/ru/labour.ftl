## Labour pricing (head): works with their cost, approval or a move back to parts pricing
labour-parts = Запчасти ({ $count }): { $total }
labour-works = Работы ({ $count }): { $total }
labour-works-none = Работы: пока нет
labour-ask-works = Пришлите работы, по одной в строке: название и стоимость. Например:
    <code>Замена колодок 1500</code>
    <code>Диагностика подвески; 2000</code>
labour-added = ✅ { $count ->
    [one] Добавлена { $count } работа
    [few] Добавлены { $count } работы
   *[many] Добавлено { $count } работ
} на { $total }.
labour-removed = 🗑 Работа удалена.
labour-btn-remove = 🗑 { $n }
labour-btn-approve = ✅ Утвердить
labour-btn-return = ↩️ Вернуть на калькуляцию запчастей
labour-ask-comment = ↩️ Вернуть на калькуляцию запчастей. Напишите снабженцу, что исправить:
labour-approved = ✅ Калькуляция работ утверждена ({ $total }). Заказ № { $order_id } передан мастеру на согласование с клиентом.
labour-returned = ↩️ Заказ № { $order_id } возвращён на калькуляцию запчастей. Комментарий: { $comment }
labour-error-empty = Пришлите работы текстом, по одной в строке, например: Замена колодок 1500
labour-error-too-many = Не больше 30 работ в одном сообщении (строка { $line } — уже 31-я). Ничего не сохранено — пришлите список частями.
labour-error-no-cost = Строка { $line } «{ $text }»: в конце нет стоимости. Пример: Замена колодок 1500. Ничего не сохранено — пришлите список ещё раз.
labour-error-no-name = Строка { $line } «{ $text }»: нет названия работы. Пример: Замена колодок 1500. Ничего не сохранено — пришлите список ещё раз.
labour-error-long-name = Строка { $line }: название длиннее 200 знаков. Сократите и пришлите список ещё раз.
labour-error-cost = Строка { $line } «{ $text }»: { $problem } Ничего не сохранено — пришлите список ещё раз.
labour-error-comment-required = Комментарий обязателен — напишите, что исправить.
labour-error-comment-long = Комментарий длиннее { $limit } знаков ({ $length }). Сократите и пришлите ещё раз.
