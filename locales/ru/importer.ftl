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
