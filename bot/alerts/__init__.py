"""Telegram side of alerts: rendering, the paced sender, the scheduler jobs."""
