"""Buttons of the purchase steps: the same vendor order in one tap, likely dates."""

from __future__ import annotations

from datetime import date, timedelta

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import NavCallback, PartCallback
from bot.i18n import L10n
from dialogs.common.screen import keyboard, nav_row, pick_button
from services.normalize import format_date
from services.orders.parts import is_available
from services.storage.models import Order


def keep_row(l10n: L10n, step: str, value: str | None) -> list[InlineKeyboardButton]:
    if value is None:
        return []
    return [pick_button(l10n.raw("purchase-btn-keep", value=value)[:64], "keep", step)]


def number_keyboard(
    l10n: L10n, kept: str | None, same: list[tuple[int, str]], first: bool
) -> InlineKeyboardMarkup:
    """`same`: (index in the dialog's known orders, label) for orders of this part's vendor."""
    rows = [[pick_button(label[:64], "same", str(i))] for i, label in same]
    return keyboard(keep_row(l10n, "number", kept), *rows, nav_row(l10n, back=not first))


def date_choices(today: date, delivery_days: int | None) -> list[date]:
    """The date the priced delivery time gives, then tomorrow (each once, none in the past)."""
    choices = []
    if delivery_days is not None and delivery_days >= 2:
        choices.append(today + timedelta(days=delivery_days))
    choices.append(today + timedelta(days=1))
    return choices


def date_keyboard(
    l10n: L10n, today: date, delivery_days: int | None, kept: str | None
) -> InlineKeyboardMarkup:
    row = []
    for day in date_choices(today, delivery_days):
        delta = (day - today).days
        if delta == 1:
            label = l10n.raw("purchase-btn-tomorrow")
        else:
            label = l10n.raw("purchase-btn-in-days", date=format_date(day, l10n.locale), days=delta)
        row.append(pick_button(label, "date", day.isoformat()))
    other = [pick_button(l10n.raw("purchase-btn-other-date"), "date", "other")]
    return keyboard(keep_row(l10n, "date", kept), row, other, nav_row(l10n))


def review_keyboard(l10n: L10n, order: Order, finish_label: str) -> InlineKeyboardMarkup:
    rows = [
        [
            InlineKeyboardButton(
                text=l10n.raw("purchase-btn-reorder", n=n, part=part.name)[:64],
                callback_data=PartCallback(
                    action="order", order_id=order.id, part_id=part.id
                ).pack(),
            )
        ]
        for n, part in enumerate(order.parts, 1)
        if is_available(part)
    ]
    done = InlineKeyboardButton(text=finish_label, callback_data=NavCallback(action="done").pack())
    return keyboard(*rows, [done], nav_row(l10n, back=False))
