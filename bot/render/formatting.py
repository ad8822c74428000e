"""Formats shown to shop staff (ux.md "Formats"), re-exported for handlers."""

from services.normalize.dates import format_datetime as format_local_datetime

__all__ = ["format_local_datetime"]
