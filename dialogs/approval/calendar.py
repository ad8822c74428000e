"""A month calendar as an inline keyboard, for any dialog that asks for a date.

    markup_rows = month_grid(2025, 11, labels, min_date=today, today=today, selected=day)
    router.callback_query.register(day_picked, MyState, CalendarCallback.filter(F.action == DAY))

Seven columns (Monday first), ◀ ▶ switch months, days before `min_date` show as "·" and do
nothing when tapped (weeks wholly before it are left out), today is marked, the selected day
is ticked.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Annotated

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton
from pydantic import Field

DAY = "d"  # a day was picked: y/m/d
MONTH = "m"  # show another month: y/m
NOOP = "n"  # a label, a gap or a past day: answer and change nothing


class CalendarCallback(CallbackData, prefix="cal"):
    """Packs to at most "cal:d:9999:12:31" (16 bytes)."""

    action: str
    # Bounded so a forged month or day cannot make `date()` raise: 0 is "none" (NOOP).
    y: Annotated[int, Field(ge=0, le=9999)] = 0
    m: Annotated[int, Field(ge=0, le=12)] = 0
    d: Annotated[int, Field(ge=0, le=31)] = 0


@dataclass(frozen=True)
class CalendarLabels:
    weekdays: Sequence[str]  # seven short names, Monday first
    months: Sequence[str]  # twelve names, January first


def month_grid(
    year: int,
    month: int,
    labels: CalendarLabels,
    *,
    min_date: date,
    today: date,
    selected: date | None = None,
    max_date: date | None = None,
) -> list[list[InlineKeyboardButton]]:
    """The rows of one month: title with ◀ ▶, weekday names, then the weeks."""
    first = date(year, month, 1)
    before, after = _shift(year, month, -1), _shift(year, month, 1)
    can_go_back = date(*before, calendar.monthrange(*before)[1]) >= min_date
    can_go_on = max_date is None or date(*after, 1) <= max_date
    rows = [
        [
            _button("◀", MONTH, *before) if can_go_back else _noop(" "),
            _noop(f"{labels.months[month - 1]} {year}"),
            _button("▶", MONTH, *after) if can_go_on else _noop(" "),
        ],
        [_noop(name) for name in labels.weekdays],
    ]
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        if week[-1] < min_date:
            continue  # a week wholly in the past is only noise
        rows.append([_day(d, first.month, min_date, today, selected, max_date) for d in week])
    return rows


def month_of(day: date) -> tuple[int, int]:
    return day.year, day.month


def _day(
    day: date,
    month: int,
    min_date: date,
    today: date,
    selected: date | None,
    max_date: date | None,
) -> InlineKeyboardButton:
    if day.month != month:
        return _noop(" ")
    if day < min_date or (max_date is not None and day > max_date):
        return _noop("·")
    text = str(day.day)
    if day == selected:
        text = f"✓{text}"
    elif day == today:
        text = f"[{text}]"
    return _button(text, DAY, day.year, day.month, day.day)


def _shift(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


def _button(text: str, action: str, y: int, m: int, d: int = 0) -> InlineKeyboardButton:
    data = CalendarCallback(action=action, y=y, m=m, d=d)
    return InlineKeyboardButton(text=text, callback_data=data.pack())


def _noop(text: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=CalendarCallback(action=NOOP).pack())
