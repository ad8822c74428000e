"""Texts of the receiving dialog."""

from __future__ import annotations

from decimal import Decimal

from bot.i18n import L10n
from bot.render.orders import car_html, quantity_text, stage_title
from dialogs.kit.feedback import ends_dialog as ends_dialog
from dialogs.kit.feedback import error_text as error_text
from dialogs.kit.feedback import warning as warning
from dialogs.kit.feedback import with_notice as with_notice
from services.normalize import format_date
from services.orders import OrderCard
from services.orders.parts import is_available, missing_quantity
from services.storage.models import OrderPart

# Errors after which the dialog cannot go on: the order moved, or the task is someone else's.


def awaited(card: OrderCard) -> list[OrderPart]:
    """The parts this order waits for (unavailable ones were never ordered)."""
    return [p for p in card.parts if is_available(p)]


def counts(part: OrderPart) -> str:
    """ "0/2": received of ordered."""
    return f"{quantity_text(part.received_quantity)}/{quantity_text(part.quantity)}"


def parts_text(l10n: L10n, card: OrderCard, notice: str | None = None) -> str:
    lines = [f"<b>{stage_title(l10n, card.order.stage, card.order.id)}</b>", car_html(card.car)]
    for part in awaited(card):
        if missing_quantity(part) == 0:
            lines.append(l10n("receiving-line-done", name=part.name, counts=counts(part)))
            continue
        details = [counts(part)]
        if part.vendor:
            details.append(part.vendor)
        if part.vendor_order_no:
            details.append(l10n.raw("card-vendor-order", number=part.vendor_order_no))
        if part.expected_date:
            details.append(
                l10n.raw("receiving-expected", day=format_date(part.expected_date, l10n.locale))
            )
        lines.append(l10n("receiving-line-waiting", name=part.name, details=" · ".join(details)))
    lines += ["", l10n("receiving-ask-part")]
    return with_notice(notice, lines)


def quantity_text_screen(
    l10n: L10n, order_id: int, stage: str, part: OrderPart, notice: str | None = None
) -> str:
    lines = [
        f"<b>{stage_title(l10n, stage, order_id)}</b>",
        l10n(
            "receiving-ask-quantity",
            name=part.name,
            counts=counts(part),
            missing=quantity_text(missing_quantity(part)),
        ),
    ]
    return with_notice(notice, lines)


def typed_text(
    l10n: L10n, order_id: int, stage: str, part: OrderPart, notice: str | None = None
) -> str:
    lines = [
        f"<b>{stage_title(l10n, stage, order_id)}</b>",
        l10n(
            "receiving-ask-typed",
            name=part.name,
            missing=quantity_text(missing_quantity(part)),
        ),
    ]
    return with_notice(notice, lines)


def received_notice(l10n: L10n, part: OrderPart, amount: Decimal) -> str:
    return l10n(
        "receiving-received", name=part.name, quantity=quantity_text(amount), counts=counts(part)
    )
