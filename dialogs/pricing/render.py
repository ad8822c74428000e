"""Texts of the pricing screens: the part in hand, the question, what is kept, the summary."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from bot.i18n import L10n
from bot.render.orders import money_text, part_line, quantity_text
from services.orders import compute_totals
from services.storage.models import Order, OrderPart


def part_title(l10n: L10n, order: Order, part: OrderPart) -> str:
    """ "💰 № 1024 · часть 2 из 3: Стойка стабилизатора ×2"."""
    n = next(i for i, p in enumerate(order.parts, 1) if p.id == part.id)
    title = l10n(
        "pricing-part-title",
        order_id=order.id,
        n=n,
        total=len(order.parts),
        part=part.name,
        qty=quantity_text(part.quantity),
    )
    if part.article:
        title += "\n" + l10n("pricing-article", article=part.article)
    return title


def kept_sale(l10n: L10n, answers: dict[str, Any]) -> str | None:
    sale = answers.get("sale")
    if sale is None:
        return None
    return l10n.raw("pricing-kept-markup") if sale == "markup" else money_text(Decimal(sale))


def kept_line(l10n: L10n, value: str | None) -> str:
    return l10n("pricing-kept", value=value) if value is not None else ""


def saved_note(l10n: L10n, part: OrderPart) -> str:
    if part.status == "unavailable":
        return l10n("pricing-saved-unavailable", part=part.name)
    return l10n(
        "pricing-saved",
        part=part.name,
        purchase=money_text(part.purchase_price),
        sale=money_text(part.sale_price),
        vendor=part.vendor or "—",
        days=part.delivery_days if part.delivery_days is not None else "—",
    )


def parts_block(l10n: L10n, order: Order) -> list[str]:
    totals = compute_totals(order.parts, [])
    lines = [
        l10n(
            "pricing-totals",
            cost=money_text(totals.parts_cost),
            sale=money_text(totals.parts_sale),
        )
    ]
    return lines + [" " + part_line(l10n, n, p) for n, p in enumerate(order.parts, 1)]
