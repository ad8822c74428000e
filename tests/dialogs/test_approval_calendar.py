"""The month calendar keyboard on its own: layout, past days, limits, callback size."""

from __future__ import annotations

from datetime import date

from aiogram_dialog.utils import CB_SEP
from aiogram_dialog.widgets.kbd.calendar_kbd import raw_from_date

from dialogs.approval.calendar import NOOP, CalendarLabels, Month, day_of, month_grid

LABELS = CalendarLabels(
    weekdays=["Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс"],
    months=[f"M{n}" for n in range(1, 13)],
)
TODAY = date(2025, 11, 20)  # a Thursday
NEXT, PREV = "+", "-"  # aiogram-dialog's Calendar: the next and the previous month


def callback(value: str) -> str:
    return f"wc:{value}"


def grid(year: int, month: int, *, selected=None, max_date=date(2026, 11, 20)):  # type: ignore[no-untyped-def]
    return month_grid(
        Month(date(year, month, 1), TODAY, max_date, TODAY, selected), LABELS, callback
    )


def texts(rows):
    return [[b.text for b in row] for row in rows]


def value(button) -> str:  # type: ignore[no-untyped-def]
    return str(button.callback_data.removeprefix("wc:"))


def test_current_month_grid():
    rows = grid(2025, 11, selected=date(2025, 11, 24))
    assert texts(rows)[0] == [" ", "M11 2025", "▶"]  # no way back into past months
    assert texts(rows)[1] == LABELS.weekdays
    weeks = texts(rows)[2:]
    assert all(len(week) == 7 for week in weeks)
    # The weeks of 27.10–2.11 and 3–9.11 are wholly past and left out.
    assert weeks[0] == ["·", "·", "·", "[20]", "21", "22", "23"]
    assert weeks[1] == ["✓24", "25", "26", "27", "28", "29", "30"]
    assert value(rows[2][0]) == NOOP
    assert day_of(value(rows[2][3])) == date(2025, 11, 20)
    assert value(rows[0][2]) == NEXT


def test_next_month_and_limits():
    rows = grid(2025, 12, max_date=date(2025, 12, 10))
    assert texts(rows)[0] == ["◀", "M12 2025", " "]  # ▶ stops at the last allowed month
    assert value(rows[0][0]) == PREV
    flat = [t for week in texts(rows)[2:] for t in week]
    assert flat[:10] == [str(n) for n in range(1, 11)]  # 1.12.2025 is a Monday
    assert set(flat[10:]) <= {"·", " "}  # after max_date nothing is tappable
    assert texts(grid(2025, 12))[0][2] == "▶"


def test_callback_data_is_small():
    # aiogram-dialog's intent ids are at most a few dozen characters.
    longest = f"{'x' * 24}{CB_SEP}{callback(str(raw_from_date(date(9999, 12, 31))))}"
    assert len(longest.encode()) < 64
    assert day_of("abc") is None and day_of("9" * 40) is None
