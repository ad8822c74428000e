"""Buttons of the client approval dialog."""

from __future__ import annotations

from datetime import date, time, timedelta

from aiogram.types import InlineKeyboardMarkup

from bot.i18n import L10n
from dialogs.approval.calendar import CalendarLabels, month_grid
from dialogs.common.screen import keyboard, nav_row, pick_button

DECISION = "ap"  # PickCallback field: "yes" / "no" (step 1), "book" (step 4)
DAY = "day"  # PickCallback field: a quick date, ISO
AT = "at"  # PickCallback field: a time slot, "HHMM" (":" is the callback separator)
REASON = "rsn"  # PickCallback field: a common refusal reason
QUICK_DAYS = ("approval-btn-today", "approval-btn-tomorrow", "approval-btn-after-tomorrow")
SLOTS = tuple(time(hour, 0) for hour in range(9, 19))  # 09:00 … 18:00
# Common refusals: the value in the button, the label shown and saved as the reason.
REASONS = {
    "expensive": "cancel-reason-expensive",
    "self": "cancel-reason-self",
    "changed": "cancel-reason-changed-mind",
}
CALENDAR_DAYS_AHEAD = 365
_PER_ROW = 5


def decision_keyboard(l10n: L10n) -> InlineKeyboardMarkup:
    return keyboard(
        [
            pick_button(l10n.raw("approval-btn-agreed"), DECISION, "yes"),
            pick_button(l10n.raw("approval-btn-refused"), DECISION, "no"),
        ],
        nav_row(l10n, back=False),
    )


def date_keyboard(
    l10n: L10n, today: date, month: tuple[int, int], selected: date | None
) -> InlineKeyboardMarkup:
    quick = []
    for offset, key in enumerate(QUICK_DAYS):
        day = today + timedelta(days=offset)
        label = l10n.raw(key)
        quick.append(pick_button(f"✓ {label}" if day == selected else label, DAY, day.isoformat()))
    grid = month_grid(
        *month,
        calendar_labels(l10n),
        min_date=today,
        today=today,
        selected=selected,
        max_date=today + timedelta(days=CALENDAR_DAYS_AHEAD),
    )
    return keyboard(quick, *grid, nav_row(l10n))


def time_keyboard(l10n: L10n, slots: list[time], selected: str | None) -> InlineKeyboardMarkup:
    buttons = []
    for slot in slots:
        label = f"{slot:%H:%M}"
        text = f"✓ {label}" if label == selected else label
        buttons.append(pick_button(text, AT, f"{slot:%H%M}"))
    rows = [buttons[i : i + _PER_ROW] for i in range(0, len(buttons), _PER_ROW)]
    return keyboard(*rows, nav_row(l10n))


def confirm_keyboard(l10n: L10n) -> InlineKeyboardMarkup:
    return keyboard([pick_button(l10n.raw("approval-btn-book"), DECISION, "book")], nav_row(l10n))


def refuse_keyboard(l10n: L10n) -> InlineKeyboardMarkup:
    reasons = [pick_button(l10n.raw(key), REASON, value) for value, key in REASONS.items()]
    return keyboard(reasons, nav_row(l10n))


def calendar_labels(l10n: L10n) -> CalendarLabels:
    return CalendarLabels(
        weekdays=l10n.raw("approval-cal-weekdays").split(),
        months=l10n.raw("approval-cal-months").split(),
    )
