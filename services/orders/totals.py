"""Money of an order, computed in this one place so the card, reports and Bitrix24 agree.

Prices are per unit and Decimal throughout. Parts marked unavailable are left out of every
total; parts not priced yet count as zero, and `parts_complete` says whether that happened.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from services.orders.parts import is_available
from services.storage.models import OrderPart, WorkLine

CENT = Decimal("0.01")
RUBLE = Decimal(1)
DEFAULT_MARKUP_PERCENT = Decimal(30)


@dataclass(frozen=True)
class OrderTotals:
    parts_cost: Decimal  # what the shop pays vendors
    parts_sale: Decimal  # what the client pays for parts
    labour: Decimal
    grand_total: Decimal  # parts_sale + labour: what the client pays
    parts_margin: Decimal  # parts_sale - parts_cost
    parts_complete: bool  # every available part has both prices


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def default_sale_price(
    purchase_price: Decimal, markup_percent: Decimal = DEFAULT_MARKUP_PERCENT
) -> Decimal:
    """The unit sale price "по наценке": purchase plus markup, rounded to whole rubles."""
    raw = purchase_price * (1 + markup_percent / 100)
    return raw.quantize(RUBLE, rounding=ROUND_HALF_UP).quantize(CENT)


def counted_parts(parts: Iterable[OrderPart]) -> list[OrderPart]:
    """The parts that take part in totals and purchases: all but the unavailable ones."""
    return [p for p in parts if is_available(p)]


def compute_totals(parts: Iterable[OrderPart], works: Iterable[WorkLine]) -> OrderTotals:
    cost = sale = Decimal(0)
    complete = True
    for part in counted_parts(parts):
        if part.purchase_price is None or part.sale_price is None:
            complete = False
        cost += (part.purchase_price or 0) * part.quantity
        sale += (part.sale_price or 0) * part.quantity
    labour = sum((w.cost for w in works), Decimal(0))
    return OrderTotals(
        parts_cost=money(cost),
        parts_sale=money(sale),
        labour=money(labour),
        grand_total=money(sale + labour),
        parts_margin=money(sale - cost),
        parts_complete=complete,
    )
