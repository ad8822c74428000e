"""Buttons of the labour dialog."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import L10n
from dialogs.common.screen import keyboard, nav_row, pick_button
from services.storage.models import OrderWork

REMOVE = "rmw"  # PickCallback field: remove the work whose id is the value
ACTION = "lab"  # PickCallback field: "approve" or "return"
_PER_ROW = 5


def works_keyboard(l10n: L10n, works: list[OrderWork]) -> InlineKeyboardMarkup:
    trash = [
        pick_button(l10n.raw("labour-btn-remove", n=n), REMOVE, str(work.id))
        for n, work in enumerate(works, 1)
    ]
    rows: list[list[InlineKeyboardButton]] = [
        trash[i : i + _PER_ROW] for i in range(0, len(trash), _PER_ROW)
    ]
    return keyboard(
        *rows,
        [pick_button(l10n.raw("labour-btn-approve"), ACTION, "approve")],
        [pick_button(l10n.raw("labour-btn-return"), ACTION, "return")],
        nav_row(l10n, back=False),
    )


def comment_keyboard(l10n: L10n) -> InlineKeyboardMarkup:
    return keyboard(nav_row(l10n))
