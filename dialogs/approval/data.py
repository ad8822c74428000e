"""The client approval's data: one typed object in `dialog_data`, and its fixed choices."""

from __future__ import annotations

from datetime import date, datetime, time, tzinfo

from dialogs.kit.stage import StageData

QUICK_DAYS = ("approval-btn-today", "approval-btn-tomorrow", "approval-btn-after-tomorrow")
SLOTS = tuple(time(hour, 0) for hour in range(9, 19))  # 09:00 … 18:00
# Common refusals: the value in the button, the label shown and saved as the reason.
REASONS = {
    "expensive": "cancel-reason-expensive",
    "self": "cancel-reason-self",
    "changed": "cancel-reason-changed-mind",
}
CALENDAR_DAYS_AHEAD = 365
# Order.cancel_reason and StageTransition.reason are 500 characters long.
MAX_REASON = 500


class Approval(StageData):
    """The appointment picked so far: kept when going back, and when the same order's stage
    button is tapped again."""

    day: date | None = None
    at: str | None = None  # "HH:MM"

    def when(self, tz: tzinfo, at: time | None = None) -> datetime:
        """The appointment (or the day at `at`) as an aware local datetime."""
        assert self.day is not None
        moment = at or time.fromisoformat(self.at or "")
        return datetime.combine(self.day, moment, tzinfo=tz)
