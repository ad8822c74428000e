# The director's /sync screen: a large backlog (e.g. after `stobot import`), by kind.
sync-backlog = Из них: { $parts }.
sync-backlog-clients = клиентов { $count }
sync-backlog-cars = автомобилей { $count }
sync-backlog-orders = заказов { $count }
sync-backlog-tasks = задач { $count }
sync-backlog-other = прочих { $count }

# `stobot import` (the command line): a column of the file no field of the profile takes.
import-column = «{ $name }»
import-unused-columns = Не использованы колонки: { $columns } — профиль «{ $profile }» не знает, какие это поля; добавьте их заголовки в профиль, если они нужны.

# `stobot import`: the profile finds no client column (name or phone), or neither a client nor
# a car column (VIN or plate); $encoding is how the file was read ("none" for XLSX).
import-key-columns-missing = Импорт остановлен, ничего не записано: профиль «{ $profile }» не нашёл в файле { $missing ->
        [person] колонок клиента (имя или телефон)
       *[both] колонок клиента (имя или телефон) и автомобиля (VIN или госномер)
    }.
    Заголовки, как они прочитаны{ $encoding ->
        [none] {""}
       *[other] {" "}(кодировка { $encoding })
    }: { $header }.
    { $encoding ->
        [none] Выберите другой профиль (--profile) или добавьте эти заголовки в свой.
       *[other] Если в них «кракозябры», кодировка угадана неверно: укажите её, например --encoding koi8-r (или cp1251, utf-8, utf-16, utf-16-le, utf-16-be). Если заголовки читаются, выберите другой профиль (--profile) или добавьте их в свой.
    }

# `stobot import`: the file's last row has fewer cells than the header (report rule row.truncated).
import-row-truncated = Последняя строка файла обрезана (в ней меньше колонок, чем в заголовке) и не импортирована: похоже, файл выгружен или скопирован не до конца. Проверьте его конец или выгрузите заново.

# `stobot import --encoding`: a name Python knows no encoding by.
import-unknown-encoding = нет кодировки «{ $name }»: укажите utf-8, utf-8-sig, cp1251, koi8-r, utf-16, utf-16-le или utf-16-be

# `stobot import`: a second column that matches a field the profile already took a column for.
import-second-column = «{ $name }» также подходит к полю «{ $field }»; взята первая колонка, «{ $taken }».
import-field-name = имя клиента
import-field-phones = телефон
import-field-email = e-mail
import-field-vin = VIN
import-field-plate = госномер
import-field-make = марка
import-field-model = модель
import-field-year = год выпуска
import-field-mileage = пробег
import-field-last-visit = дата последнего визита
import-field-relation = отношение к автомобилю
