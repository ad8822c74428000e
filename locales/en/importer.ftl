# The director's /sync screen: a large backlog (e.g. after `stobot import`), by kind.
sync-backlog = Of these: { $parts }.
sync-backlog-clients = clients { $count }
sync-backlog-cars = cars { $count }
sync-backlog-orders = orders { $count }
sync-backlog-tasks = tasks { $count }
sync-backlog-other = other { $count }

# `stobot import` (the command line): a column of the file no field of the profile takes.
import-column = "{ $name }"
import-unused-columns = Columns not used: { $columns } — the profile "{ $profile }" does not map them to any field; add their headers to the profile if they are needed.
