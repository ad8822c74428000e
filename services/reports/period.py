"""Report periods in the shop's time zone: today, this week, this month, or typed dates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from services.errors import DomainError


class PeriodKind(StrEnum):
    TODAY = "today"
    WEEK = "week"
    MONTH = "month"
    CUSTOM = "custom"


@dataclass(frozen=True)
class Period:
    kind: PeriodKind
    first_day: date  # local, inclusive
    last_day: date  # local, inclusive
    start: datetime  # UTC, inclusive
    end: datetime  # UTC, exclusive
    tz: ZoneInfo

    @property
    def utc_offset(self) -> timedelta:
        """The zone's offset at the period start; weeks are bucketed with it in SQL."""
        return self.start.astimezone(self.tz).utcoffset() or timedelta(0)


def _local_midnight(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tz).astimezone(UTC)


def make_period(kind: PeriodKind, first_day: date, last_day: date, tz: ZoneInfo) -> Period:
    return Period(
        kind=kind,
        first_day=first_day,
        last_day=last_day,
        start=_local_midnight(first_day, tz),
        end=_local_midnight(last_day + timedelta(days=1), tz),
        tz=tz,
    )


def current_period(kind: PeriodKind, now: datetime, tz: ZoneInfo) -> Period:
    today = now.astimezone(tz).date()
    if kind is PeriodKind.WEEK:
        first = today - timedelta(days=today.weekday())
    elif kind is PeriodKind.MONTH:
        first = today.replace(day=1)
    else:
        first = today
    return make_period(kind, first, today, tz)


def previous_month(now: datetime, tz: ZoneInfo) -> Period:
    """The calendar month before this one, whole."""
    last = now.astimezone(tz).date().replace(day=1) - timedelta(days=1)
    return make_period(PeriodKind.CUSTOM, last.replace(day=1), last, tz)


_DATE = r"(\d{1,2})\.(\d{1,2})(?:\.(\d{2,4}))?"
_RANGE = re.compile(rf"^\s*{_DATE}\s*(?:[-–—]|\.\.)\s*{_DATE}\s*$")
_ONE = re.compile(rf"^\s*{_DATE}\s*$")
MAX_DAYS = 366 * 3


def _day(d: str, m: str, y: str | None, today: date) -> date:
    year = today.year if not y else int(y) + (2000 if len(y) == 2 else 0)
    try:
        return date(year, int(m), int(d))
    except ValueError:
        raise DomainError("report-error-dates") from None


def parse_custom(text: str, now: datetime, tz: ZoneInfo) -> Period:
    """`01.11.2026 - 15.11.2026`, `1.11-15.11` or one day `05.11`; both days inclusive."""
    today = now.astimezone(tz).date()
    if match := _RANGE.match(text):
        g = match.groups()
        first, last = _day(g[0], g[1], g[2], today), _day(g[3], g[4], g[5], today)
    elif match := _ONE.match(text):
        first = last = _day(*match.groups(), today)
    else:
        raise DomainError("report-error-dates")
    if last < first:
        first, last = last, first
    if (last - first).days > MAX_DAYS:
        raise DomainError("report-error-too-long")
    return make_period(PeriodKind.CUSTOM, first, last, tz)
