"""Alert settings (work hours, digest and reminder times, sender limits) and work-hours maths."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class AlertSettings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    # Alerts that are not urgent wait for the working day (shop time zone).
    work_hours_start: time = time(9, 0)
    work_hours_end: time = time(20, 0)
    # ISO weekdays the shop works, 1 = Monday … 7 = Sunday.
    work_days: str = "1,2,3,4,5,6"
    digest_at: time = time(9, 0)
    reminder_evening_at: time = time(19, 0)
    reminder_before_hours: float = Field(default=2.0, gt=0, le=24)
    # How often the scheduler looks for what came due.
    alerts_scan_seconds: int = Field(default=60, ge=5, le=3600)
    # Telegram: about 30 messages/s in total and 1 message/s to one chat.
    notify_rate: float = Field(default=25.0, gt=0, le=30)
    notify_chat_interval: float = Field(default=1.0, ge=0)
    # Seconds a sender holds a message it is sending; if the bot dies meanwhile, another
    # sender (or the next start) sends it when this runs out.
    notify_lease_seconds: float = Field(default=60.0, ge=1)

    @field_validator("work_days")
    @classmethod
    def _days(cls, value: str) -> str:
        days = {d.strip() for d in value.split(",") if d.strip()}
        if not days or not days <= {"1", "2", "3", "4", "5", "6", "7"}:
            raise ValueError("comma-separated ISO weekdays, 1 = Monday … 7 = Sunday")
        return ",".join(sorted(days))

    def work_hours(self, tz: ZoneInfo) -> WorkHours:
        days = frozenset(int(d) for d in self.work_days.split(","))
        return WorkHours(tz, self.work_hours_start, self.work_hours_end, days)


@dataclass(frozen=True)
class WorkHours:
    tz: ZoneInfo
    start: time
    end: time
    days: frozenset[int]

    def at(self, day: date, moment: time) -> datetime:
        """`moment` of the shop's local `day`, in UTC."""
        return datetime.combine(day, moment, tzinfo=self.tz).astimezone(UTC)

    def local_date(self, now: datetime) -> date:
        return now.astimezone(self.tz).date()

    def is_open(self, now: datetime) -> bool:
        local = now.astimezone(self.tz)
        return local.isoweekday() in self.days and self.start <= local.time() < self.end

    def defer(self, now: datetime) -> datetime:
        """`now` within work hours, else the start of the next working day."""
        if self.is_open(now):
            return now
        day = self.local_date(now)
        for _ in range(8):
            begin = self.at(day, self.start)
            if day.isoweekday() in self.days and begin > now:
                return begin
            day += timedelta(days=1)
        return now  # no working day configured at all: never hold a message forever

    def end_of_work(self, day: date, not_before: datetime) -> datetime:
        """The end of work on `day`, or on the first working day after it, and never a moment
        already past at `not_before` (then the end of the next working day that is not)."""
        day = max(day, self.local_date(not_before))
        for _ in range(8):
            end = self.at(day, self.end)
            if day.isoweekday() in self.days and end > not_before:
                return end
            day += timedelta(days=1)
        return self.at(day, self.end)  # no working day configured at all
