"""Dates and times as staff type them ("24.11", "завтра", "10.00"), and how they are shown
(ux.md: "пн 24.11, 10:00" in the shop's time zone)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from services.normalize.errors import InvalidDate, InvalidTime

_RELATIVE = {
    "сегодня": 0,
    "today": 0,
    "завтра": 1,
    "tomorrow": 1,
    "послезавтра": 2,
    "day after tomorrow": 2,
}
_DAY_MONTH = re.compile(r"(\d{1,2})[./-](\d{1,2})(?:[./-](\d{4}|\d{2}))?\.?")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_TIME = re.compile(r"(?:в|at)?\s*(\d{1,2})(?:\s*[:.\-hч ]\s*(\d{2}))?\s*(?:ч|h)?")
# Without a year, 29.02 may be up to 8 years away (1900-style century gaps included).
_YEARS_AHEAD = 8

_WEEKDAYS = {
    "ru": ("пн", "вт", "ср", "чт", "пт", "сб", "вс"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}
_DEFAULT_LOCALE = "ru"


def parse_date(text: str, today: date) -> date:
    """A date not before `today`. "24.11" without a year is the next 24.11 on or after today;
    a two-digit year is 20yy. Raises `InvalidDate` ("format", "impossible", "past")."""
    s = " ".join(text.strip().lower().split())
    if not s:
        raise InvalidDate("empty")
    if s in _RELATIVE:
        return today + timedelta(days=_RELATIVE[s])
    iso = _ISO.fullmatch(s)
    if iso is not None:
        return _not_past(_make(int(iso[1]), int(iso[2]), int(iso[3])), today)
    m = _DAY_MONTH.fullmatch(s)
    if m is None:
        raise InvalidDate("format")
    day, month = int(m[1]), int(m[2])
    if m[3] is None:
        return _next_day_month(day, month, today)
    year = int(m[3])
    return _not_past(_make(year + 2000 if year < 100 else year, month, day), today)


def _make(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise InvalidDate("impossible") from None


def _not_past(d: date, today: date) -> date:
    if d < today:
        raise InvalidDate("past")
    return d


def _next_day_month(day: int, month: int, today: date) -> date:
    # 31.04 exists in no year; 29.02 exists in leap years only.
    _make(2000, month, day)
    for year in range(today.year, today.year + _YEARS_AHEAD + 1):
        try:
            d = date(year, month, day)
        except ValueError:
            continue
        if d >= today:
            return d
    raise InvalidDate("impossible")


def parse_time(text: str) -> time:
    """Parse "10:00", "10.00", "10", "9:30", "в 10". Raises `InvalidTime`."""
    s = text.strip().lower()
    if not s:
        raise InvalidTime("empty")
    m = _TIME.fullmatch(s)
    if m is None:
        raise InvalidTime("format")
    hour, minute = int(m[1]), int(m[2] or 0)
    if hour > 23 or minute > 59:
        raise InvalidTime("format")
    return time(hour, minute)


def _weekdays(locale: str) -> tuple[str, ...]:
    # "en-US" → "en"; anything unknown falls back to Russian, the default language.
    return _WEEKDAYS.get(locale.split("-")[0].lower(), _WEEKDAYS[_DEFAULT_LOCALE])


def format_date(d: date, locale: str) -> str:
    """Show as "пн 24.11" / "Mon 24.11"."""
    return f"{_weekdays(locale)[d.weekday()]} {d:%d.%m}"


def format_datetime(dt: datetime, tz: ZoneInfo, locale: str) -> str:
    """Show as "пн 24.11, 10:00" in the shop's time zone. A naive `dt` is taken as UTC, which is how
    the clock and storage keep time."""
    local = (dt if dt.tzinfo is not None else dt.replace(tzinfo=UTC)).astimezone(tz)
    return f"{format_date(local.date(), locale)}, {local:%H:%M}"
