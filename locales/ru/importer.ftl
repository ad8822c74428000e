# The director's /sync screen: a large backlog (e.g. after `stobot import`), by kind.
sync-backlog = Из них: { $parts }.
sync-backlog-clients = клиентов { $count }
sync-backlog-cars = автомобилей { $count }
sync-backlog-orders = заказов { $count }
sync-backlog-tasks = задач { $count }
sync-backlog-other = прочих { $count }
