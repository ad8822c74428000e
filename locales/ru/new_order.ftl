## The master's new order (dialogs/new_order).

new-order-title = Новый заказ

new-order-ask-phone = 📞 Телефон клиента? Любой формат: 8 916 123-45-67, +7 (916) 123 45 67.
new-order-current = Сейчас: { $value }
new-order-btn-keep = ➡️ Оставить как есть

new-order-client-found = Клиент найден:
new-order-client-line = 👤 { $name }, { $phone }
new-order-client-new-line = 👤 Новый клиент: { $name }, { $phone }
new-order-client-pick-car = Нажмите его машину — или «Это он», если приехал на другой.
new-order-btn-same = ✅ Это он
new-order-btn-same-other-car = ✅ Это он, другое авто
new-order-btn-other-client = 👤 Другой клиент…
new-order-other-client = Номер записан за клиентом { $name }. Пришлите номер другого клиента.
new-order-client-not-found = Номер { $phone } новый — клиента с ним нет.
new-order-ask-name = Как зовут клиента? Например: Иван Петров.
new-order-btn-no-name = Без имени
new-order-no-name = без имени
new-order-error-name-long = Имя длиннее { $limit } знаков. Сократите и пришлите ещё раз.

new-order-ask-car = 🚗 VIN или госномер — одним сообщением. Например: XTA21099012345678 или А123ВС77.
new-order-ask-car-pick = Или нажмите машину клиента.
new-order-car-other = { $car } записан на другого клиента: { $name }, { $phone }.
new-order-car-unclaimed = { $car } есть в базе, но владельца сейчас нет.
new-order-ask-whose = Кто ваш клиент для этой машины?
new-order-btn-owner-changed = 🔁 Сменился владелец
new-order-btn-owner = 🔑 Владелец
new-order-btn-driver = 🚗 Водитель, не владелец
new-order-btn-other-car = 🆕 Другая машина с тем же номером
new-order-ask-driver-note = { $car }: кем водитель приходится владельцу? Нажмите или напишите, например «племянник».
new-order-note-son = сын
new-order-note-daughter = дочь
new-order-note-spouse = супруг(а)
new-order-note-brother = брат
new-order-note-proxy = по доверенности
new-order-note-none = без пометки
new-order-btn-no-note = Без пометки
new-order-error-note = Пометка — до { $limit } знаков, например «сын». Пришлите ещё раз.
new-order-car-new = 🆕 Новый автомобиль: { $ident }
new-order-car-decoded = По VIN: { $car }
new-order-ask-model = Марка и модель одной строкой, например «BMW X5» или «Лада Веста 2018».
new-order-error-model = Не понял. Пришлите марку и модель, например «BMW X5», или нажмите «Пропустить».
new-order-btn-skip = ⏭ Пропустить

new-order-car-line = 🚗 { $car }
new-order-car-line-new = 🚗 { $car } — новый автомобиль
new-order-car-line-owner = 🚗 { $car } — сменился владелец
new-order-car-line-driver = 🚗 { $car } — водитель ({ $note })

new-order-ask-complaint = 📝 Жалоба клиента? Например: стук спереди справа на кочках.
new-order-error-complaint-long = Жалоба длиннее { $limit } знаков ({ $length }). Сократите и пришлите ещё раз.
new-order-complaint-line = 📝 { $text }

new-order-ask-parts =
    🔩 Какие запчасти нужны? Пришлите списком, по одной в строке:
    Колодки передние 2
    Фильтр масляный; 11427953129; 1
    Нет запчастей — нажмите «Без запчастей».
new-order-parts-head = 🔩 Запчасти ({ $count }):
new-order-parts-none = 🔩 Без запчастей
new-order-part = { $n }. { $name } ×{ $qty }
new-order-part-article = { $n }. { $name } ({ $article }) ×{ $qty }
new-order-parts-more = Пришлите ещё строки, чтобы добавить, или нажмите «Готово». Фото можно прислать сразу.
new-order-parts-hint = Пришлите запчасти, по одной в строке: «Колодки передние 2» или «Фильтр масляный; 11427953129; 1».
new-order-parts-refused = Из этого сообщения ничего не добавлено — исправьте строку и пришлите список ещё раз.
new-order-error-too-many-parts = Не больше { $limit } позиций в одном заказе.
new-order-ask-part-edit = ✏️ { $part }
    Пришлите строку на замену, например: Колодки передние 2
new-order-btn-edit = ✏️ { $n }
new-order-btn-remove = 🗑 { $n }
new-order-btn-more = ➕ Ещё
new-order-btn-done = ✅ Готово
new-order-btn-no-parts = Без запчастей

new-order-ask-media = 📷 Пришлите фото и видео (можно альбомом), затем нажмите «Готово».
new-order-media-count = 📷 Фото: { $photos }, видео: { $videos }
new-order-media-big = Больше 20 МБ: { $count } — сохранены, их можно переслать, но не скачать.
new-order-error-media-kind = Этот файл не подходит. Пришлите фото или видео.
new-order-error-too-many-media = Не больше { $limit } фото и видео в одном заказе — лишние не сохранены.

new-order-summary-head = Проверьте заказ:
new-order-btn-save = ✅ Сохранить
new-order-saved = ✅ Заказ № { $order_id } создан, { $stage ->
    [PARTS_PRICING] передан снабженцу.
    [LABOUR_PRICING] передан на калькуляцию работ.
   *[other] этап «{ $stage_label }».
}

new-order-error-not-understood = Не понял. Ответьте на вопрос ниже или нажмите кнопку.
