"""Buttons of the receiving dialog."""

from __future__ import annotations

from decimal import Decimal

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import PartCallback
from bot.i18n import L10n
from bot.render.orders import quantity_text
from dialogs.common.screen import keyboard, nav_row, pick_button
from dialogs.receiving.render import counts
from services.orders.parts import missing_quantity
from services.storage.models import OrderPart

RECEIVE = "rcv"  # PartCallback action: this part arrived, ask how many
QUANTITY = "qty"  # PickCallback field: the quantity, or OTHER to type it
OTHER = "other"
MAX_QUICK = 5  # quick buttons for 1…5 below the whole remainder
_PER_ROW = 4


def parts_keyboard(l10n: L10n, order_id: int, parts: list[OrderPart]) -> InlineKeyboardMarkup:
    # Fully received parts are listed in the text with ✅ and get no button.
    rows = [
        [
            InlineKeyboardButton(
                text=f"{part.name} {counts(part)}"[:64],
                callback_data=PartCallback(
                    action=RECEIVE, order_id=order_id, part_id=part.id
                ).pack(),
            )
        ]
        for part in parts
        if missing_quantity(part) > 0
    ]
    return keyboard(*rows, nav_row(l10n, back=False))


def quantity_keyboard(l10n: L10n, part: OrderPart) -> InlineKeyboardMarkup:
    missing = missing_quantity(part)
    everything = l10n.raw("receiving-btn-all", missing=quantity_text(missing))
    buttons = [pick_button(everything, QUANTITY, quantity_text(missing))]
    buttons += [
        pick_button(str(n), QUANTITY, str(n))
        for n in range(1, MAX_QUICK + 1)
        if Decimal(n) < missing
    ]
    buttons.append(pick_button(l10n.raw("receiving-btn-other"), QUANTITY, OTHER))
    rows = [buttons[i : i + _PER_ROW] for i in range(0, len(buttons), _PER_ROW)]
    return keyboard(*rows, nav_row(l10n))


def typed_keyboard(l10n: L10n) -> InlineKeyboardMarkup:
    return keyboard(nav_row(l10n))
