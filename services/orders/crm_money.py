"""What of a deal's prices, quantities and amount edited in the CRM an order takes in.

The rules (README, "Two-way sync"), for an open order:
- a row's price edited in the CRM becomes the part's sale price or the work's cost;
- a row's quantity is taken in until parts are bought (after that the purchase and the
  delivery are for the bot's quantity, so the CRM's is put back);
- an amount (`OPPORTUNITY`) that is not the sum of the deal's rows was edited by hand: the
  difference becomes one "amount correction" line of the order (a discount when negative),
  so the card, the reports and the deal all show the same total;
- rows removed or renamed in the CRM, and anything on a closed order, are put back from the
  bot with a timeline comment.
Pure rules on the loaded order; `from_crm.take_in_money` is the use case that applies them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol

from services.crm.mirror.context import Texts
from services.crm.mirror.snapshot import product_rows
from services.normalize.money import format_money, format_quantity
from services.orders.stages import Stage, is_open
from services.orders.totals import compute_totals, counted_parts, money
from services.storage.models import Order, OrderPart, WorkLine

ADJUSTMENT = "adjustment"
# Until parts are bought the quantity is still the client's to change.
QUANTITY_OPEN = frozenset(
    s.value for s in (Stage.NEW, Stage.PARTS_PRICING, Stage.LABOUR_PRICING, Stage.CLIENT_APPROVAL)
)
_MAX_MONEY = Decimal("99999999.99")
MAX_QUANTITY = Decimal("9999999.999")  # the column's


class CrmRow(Protocol):
    """One product row of the deal, as the portal shows it."""

    @property
    def name(self) -> str: ...

    @property
    def quantity(self) -> Decimal: ...

    @property
    def price(self) -> Decimal: ...


@dataclass(frozen=True)
class CrmMoney:
    """The deal's rows and its amount (`OPPORTUNITY`; None when it cannot be read)."""

    rows: Sequence[CrmRow]
    amount: Decimal | None


@dataclass
class Taken:
    actions: list[str] = field(default_factory=list)  # for the timeline comment
    audit: list[dict[str, object]] = field(default_factory=list)
    put_back: bool = False  # some of the CRM's values were not taken in


def equal(order: Order, crm: CrmMoney) -> bool:
    """The deal shows exactly the order's rows and total."""
    theirs = sorted((_key(r.name), r.price, r.quantity) for r in crm.rows)
    total = compute_totals(order.parts, order.works).grand_total
    return sorted(_our_rows(order)) == theirs and crm.amount == total


def take(texts: Texts, order: Order, crm: CrmMoney) -> Taken:
    """Change the order (in memory) by what the rules take in; say what and what was not."""
    taken = Taken(put_back=not is_open(order.stage) or _ambiguous(order, crm.rows))
    if not taken.put_back:
        _take_rows(texts, order, crm.rows, taken)
        _take_amount(texts, order, crm, taken)
    return taken


def _ambiguous(order: Order, rows: Sequence[CrmRow]) -> bool:
    """Two parts or rows of one name cannot be told apart: nothing is taken in, ours go back."""
    ours = [n for n, _, _ in _our_rows(order)]
    theirs = [_key(r.name) for r in rows]
    return len(set(ours)) != len(ours) or len(set(theirs)) != len(theirs)


def _key(name: str) -> str:
    return name.strip().casefold()


def _our_rows(order: Order) -> list[tuple[str, Decimal, Decimal]]:
    # Exactly the rows the mirror writes to the deal.
    return [(_key(r.name), money(r.price), r.quantity.normalize()) for r in product_rows(order)]


def _take_rows(texts: Texts, order: Order, rows: Sequence[CrmRow], taken: Taken) -> None:
    parts = {_key(p.name): p for p in counted_parts(order.parts)}
    works = {_key(w.name): w for w in order.works}
    seen = set()
    for row in rows:
        key = _key(row.name)
        seen.add(key)
        if key in parts:
            _take_part(texts, order, parts[key], row, taken)
        elif key in works:
            _take_work(texts, works[key], row, taken)
        else:
            taken.put_back = True  # added or renamed in the CRM (`from_crm.add_crm_parts`)
    if (set(parts) | set(works)) - seen:
        taken.put_back = True  # a row removed in the CRM: the parts list is the bot's


def _take_part(texts: Texts, order: Order, part: OrderPart, row: CrmRow, taken: Taken) -> None:
    if row.price != money(part.sale_price or Decimal(0)):
        if Decimal(0) <= row.price <= _MAX_MONEY:
            taken.actions.append(_price_text(texts, part.name, part.sale_price, row.price))
            taken.audit.append(
                {"name": part.name, "field": "sale_price", "old": part.sale_price, "new": row.price}
            )
            part.sale_price = row.price
        else:
            taken.put_back = True
    if row.quantity != part.quantity.normalize():
        if order.stage in QUANTITY_OPEN and row.quantity <= MAX_QUANTITY:
            taken.actions.append(
                texts(
                    "inbound-quantity-taken",
                    name=part.name,
                    old=format_quantity(part.quantity),
                    new=format_quantity(row.quantity),
                )
            )
            taken.audit.append(
                {"name": part.name, "field": "quantity", "old": part.quantity, "new": row.quantity}
            )
            part.quantity = row.quantity
        else:
            taken.put_back = True


def _take_work(texts: Texts, work: WorkLine, row: CrmRow, taken: Taken) -> None:
    # A work is one line of the deal: only its price means something.
    if row.quantity != 1:
        taken.put_back = True
    if row.price == money(work.cost):
        return
    lowest = -_MAX_MONEY if work.kind == ADJUSTMENT else Decimal(0)  # a discount is negative
    if not lowest <= row.price <= _MAX_MONEY:
        taken.put_back = True
        return
    taken.actions.append(_price_text(texts, work.name, work.cost, row.price))
    taken.audit.append({"name": work.name, "field": "cost", "old": work.cost, "new": row.price})
    work.cost = row.price


def _take_amount(texts: Texts, order: Order, crm: CrmMoney, taken: Taken) -> None:
    """An amount that is not the sum of the deal's rows was typed by hand: take it in."""
    amount = crm.amount
    if amount is None:
        taken.put_back = True
        return
    rows_sum = money(sum((r.price * r.quantity for r in crm.rows), Decimal(0)))
    if amount == rows_sum:
        return
    total = compute_totals(order.parts, order.works).grand_total
    if amount == total:
        return
    if not Decimal(0) <= amount <= _MAX_MONEY:
        taken.put_back = True
        return
    _correct(texts, order, amount - total)
    taken.actions.append(
        texts("inbound-amount-taken", old=format_money(total), new=format_money(amount))
    )
    taken.audit.append({"name": "", "field": "amount", "old": total, "new": amount})


def _correct(texts: Texts, order: Order, difference: Decimal) -> None:
    """Add `difference` to the order's one correction line (made, changed or dropped)."""
    correction = next((w for w in order.works if w.kind == ADJUSTMENT), None)
    old = correction.cost if correction is not None else Decimal(0)
    new = money(old + difference)
    if correction is None:
        position = max((w.position for w in order.works), default=0) + 1
        name = texts("inbound-adjustment-name")
        order.works.append(WorkLine(position=position, name=name, cost=new, kind=ADJUSTMENT))
    elif new == 0:
        order.works.remove(correction)
    else:
        correction.cost = new


def _price_text(texts: Texts, name: str, old: Decimal | None, new: Decimal) -> str:
    return texts(
        "inbound-price-taken",
        name=name,
        old=format_money(old or Decimal(0)),
        new=format_money(new),
    )
