# The director's /sync screen: a large backlog (e.g. after `stobot import`), by kind.
sync-backlog = Of these: { $parts }.
sync-backlog-clients = clients { $count }
sync-backlog-cars = cars { $count }
sync-backlog-orders = orders { $count }
sync-backlog-tasks = tasks { $count }
sync-backlog-other = other { $count }
