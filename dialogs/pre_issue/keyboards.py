"""The checklist as toggle buttons ☐/☑ and the issue button."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup

from bot.i18n import L10n
from dialogs.common.screen import keyboard, nav_row, pick_button
from dialogs.pre_issue.render import Item

TOGGLE = "chk"  # PickCallback field: the item key to tick or untick
ISSUE = "iss"  # PickCallback field: hand the car over


def check_keyboard(l10n: L10n, items: list[Item], ticked: set[str]) -> InlineKeyboardMarkup:
    rows = [
        [pick_button(f"{'☑' if item.key in ticked else '☐'} {item.label}"[:64], TOGGLE, item.key)]
        for item in items
    ]
    done = all(item.key in ticked for item in items)
    # Shown either way: a tap before everything is ticked says what is left.
    issue_key = "pre-issue-btn-issue" if done else "pre-issue-btn-issue-locked"
    return keyboard(
        *rows, [pick_button(l10n.raw(issue_key), ISSUE, "go")], nav_row(l10n, back=False)
    )
