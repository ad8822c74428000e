"""Deadlines and alerts: what comes due (overdue tasks, delivery checks, appointment reminders,
the director's digest), decided once in any number of processes, and the notification queue."""
