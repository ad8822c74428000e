"""The month calendar keyboard on its own: layout, past days, limits, callback size."""

from __future__ import annotations

from datetime import date

from dialogs.approval.calendar import (
    DAY,
    MONTH,
    NOOP,
    CalendarCallback,
    CalendarLabels,
    month_grid,
)

LABELS = CalendarLabels(
    weekdays=["Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс"],
    months=[f"M{n}" for n in range(1, 13)],
)
TODAY = date(2025, 11, 20)  # a Thursday


def texts(rows):
    return [[b.text for b in row] for row in rows]


def test_current_month_grid():
    rows = month_grid(2025, 11, LABELS, min_date=TODAY, today=TODAY, selected=date(2025, 11, 24))
    assert texts(rows)[0] == [" ", "M11 2025", "▶"]  # no way back into past months
    assert texts(rows)[1] == LABELS.weekdays
    weeks = texts(rows)[2:]
    assert all(len(week) == 7 for week in weeks)
    # The weeks of 27.10–2.11 and 3–9.11 are wholly past and left out.
    assert weeks[0] == ["·", "·", "·", "[20]", "21", "22", "23"]
    assert weeks[1] == ["✓24", "25", "26", "27", "28", "29", "30"]
    past = CalendarCallback.unpack(rows[2][0].callback_data)
    assert past.action == NOOP
    day = CalendarCallback.unpack(rows[2][3].callback_data)
    assert (day.action, day.y, day.m, day.d) == (DAY, 2025, 11, 20)
    following = CalendarCallback.unpack(rows[0][2].callback_data)
    assert (following.action, following.y, following.m) == (MONTH, 2025, 12)


def test_next_month_and_limits():
    rows = month_grid(2025, 12, LABELS, min_date=TODAY, today=TODAY, max_date=date(2025, 12, 10))
    assert texts(rows)[0] == ["◀", "M12 2025", " "]  # ▶ stops at the last allowed month
    back = CalendarCallback.unpack(rows[0][0].callback_data)
    assert (back.y, back.m) == (2025, 11)
    flat = [t for week in texts(rows)[2:] for t in week]
    assert flat[:10] == [str(n) for n in range(1, 11)]  # 1.12.2025 is a Monday
    assert set(flat[10:]) <= {"·", " "}  # after max_date nothing is tappable
    january = month_grid(2025, 12, LABELS, min_date=TODAY, today=TODAY)[0][2]
    assert CalendarCallback.unpack(january.callback_data).y == 2026


def test_callback_data_is_small():
    longest = CalendarCallback(action=DAY, y=9999, m=12, d=31).pack()
    assert longest == "cal:d:9999:12:31" and len(longest.encode()) < 64
