"""Buttons of the pricing steps: likely answers first, then «◀️ Назад» «✖️ Отмена»."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import NavCallback, PartCallback
from bot.i18n import L10n
from dialogs.common.screen import keyboard, nav_row, pick_button
from services.storage.models import Order

DAY_CHOICES = (1, 2, 3, 5, 7, 14)


def keep_row(l10n: L10n, step: str, value: str | None) -> list[InlineKeyboardButton]:
    """Going back keeps the answer: one tap takes it again."""
    if value is None:
        return []
    return [pick_button(l10n.raw("pricing-btn-keep", value=value), "keep", step)]


def purchase_keyboard(l10n: L10n, kept: str | None, first: bool) -> InlineKeyboardMarkup:
    return keyboard(
        keep_row(l10n, "purchase", kept),
        [pick_button(l10n.raw("pricing-btn-unavailable"), "unav", "1")],
        nav_row(l10n, back=not first),
    )


def sale_keyboard(
    l10n: L10n, markup_label: str, quick_label: str | None, kept: str | None
) -> InlineKeyboardMarkup:
    quick = [pick_button(quick_label, "quick", "1")] if quick_label else []
    return keyboard(
        keep_row(l10n, "sale", kept),
        [pick_button(markup_label, "mk", "1")],
        quick,
        nav_row(l10n),
    )


def vendor_keyboard(l10n: L10n, vendors: list[str], kept: str | None) -> InlineKeyboardMarkup:
    choices = [pick_button(name[:40], "vnd", str(i)) for i, name in enumerate(vendors)]
    choices.append(pick_button(l10n.raw("pricing-btn-other-vendor"), "vnd", "other"))
    return keyboard(keep_row(l10n, "vendor", kept), choices[:3], choices[3:], nav_row(l10n))


def days_keyboard(l10n: L10n, kept: str | None) -> InlineKeyboardMarkup:
    return keyboard(
        keep_row(l10n, "days", kept),
        [pick_button(str(d), "days", str(d)) for d in DAY_CHOICES],
        nav_row(l10n),
    )


def review_keyboard(l10n: L10n, order: Order, finish_label: str) -> InlineKeyboardMarkup:
    rows = [
        [
            InlineKeyboardButton(
                text=l10n.raw("pricing-btn-reprice", n=n, part=part.name)[:64],
                callback_data=PartCallback(
                    action="price", order_id=order.id, part_id=part.id
                ).pack(),
            )
        ]
        for n, part in enumerate(order.parts, 1)
    ]
    done = InlineKeyboardButton(text=finish_label, callback_data=NavCallback(action="done").pack())
    return keyboard(*rows, [done], nav_row(l10n, back=False))
