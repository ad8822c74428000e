"""Prices, quantities and the amount of a deal edited in the CRM, taken into the order.

The rules (README, "Two-way sync"), for an open order:
- a row's price edited in the CRM becomes the part's sale price or the work's cost;
- a row's quantity is taken in until parts are bought (after that the purchase and the
  delivery are for the bot's quantity, so the CRM's is put back);
- an amount (`OPPORTUNITY`) that is not the sum of the deal's rows was edited by hand: the
  difference becomes one "amount correction" line of the order (a discount when negative),
  so the card, the reports and the deal all show the same total;
- rows removed or renamed in the CRM, and anything on a closed order, are put back from the
  bot with a timeline comment.
Whatever is taken in is audited and written back, so the portal ends equal to the bot.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from services import audit
from services.inbound.context import Inbound, bot_wrote_meanwhile
from services.inbound.reading import DealRead, RowRead, read_deal, read_rows
from services.mirror.snapshot import product_rows
from services.normalize.money import format_money, format_quantity
from services.orders.stages import Stage
from services.orders.totals import compute_totals, counted_parts, money
from services.outbox import Kind, enqueue
from services.storage import unit_of_work
from services.storage.models import Employee, Order, OrderPart, OrderWork
from services.storage.models.base import utcnow

ADJUSTMENT = "adjustment"
CLOSED = frozenset({Stage.DONE.value, Stage.CANCELLED.value})
# Until parts are bought the quantity is still the client's to change.
QUANTITY_OPEN = frozenset(
    s.value for s in (Stage.NEW, Stage.PARTS_PRICING, Stage.LABOUR_PRICING, Stage.CLIENT_APPROVAL)
)
_MAX_MONEY = Decimal("99999999.99")
_MAX_QUANTITY = Decimal("9999999.999")


@dataclass
class _Taken:
    actions: list[str] = field(default_factory=list)  # for the timeline comment
    audit: list[dict[str, object]] = field(default_factory=list)
    put_back: bool = False  # some of the CRM's values were not taken in


async def take_in_money(ib: Inbound, order_id: int, deal: DealRead) -> str:
    started = utcnow()
    rows = await read_rows(ib, deal.id)
    amount = _amount(await read_deal(ib, deal.id))  # read next to the rows, not before
    async with ib.factory() as session:
        # One applier at a time per order (several processes, reconciliation): the row lock.
        order = await session.get(Order, order_id, populate_existing=True, with_for_update=True)
        if order is None:
            return ""
        if await bot_wrote_meanwhile(session, order_id, started):
            return "echo: the bot's own change of the deal is being sent"
        if _equal(order, rows, amount):
            return ""
        taken = _Taken(put_back=order.stage in CLOSED or _ambiguous(order, rows))
        if not taken.put_back:
            _take_rows(ib, order, rows, taken)
            _take_amount(ib, order, rows, amount, taken)
        if taken.actions:
            await _record(session, order, taken)
            if not await _bump_version(session, order.id, order.version):
                # Another applier changed the order first (SQLite has no row lock): the next
                # pass compares again with what it wrote.
                await session.rollback()
                return "changed meanwhile"
        enqueue(session, Kind.DEAL_SYNC, order.id)
        actions = list(taken.actions)
        if taken.put_back or not _equal(order, rows, amount):
            actions.append(ib.texts("inbound-money-restored"))
        enqueue(
            session,
            Kind.DEAL_COMMENT,
            order.id,
            {
                "actor": ib.texts("inbound-bot-name"),
                "actions": [{"action": a} for a in actions],
                "moves": [],
            },
        )
        await unit_of_work.commit(session)
    ib.caught.add("money_taken" if taken.actions else "money_restored")
    return f"{len(taken.actions)} money change(s) taken in" if taken.actions else "restored"


def _ambiguous(order: Order, rows: list[RowRead]) -> bool:
    """Two parts or rows of one name cannot be told apart: nothing is taken in, ours go back."""
    ours = [n for n, _, _ in _our_rows(order)]
    theirs = [_key(r.name) for r in rows]
    return len(set(ours)) != len(ours) or len(set(theirs)) != len(theirs)


def _key(name: str) -> str:
    return name.strip().casefold()


def _amount(deal: DealRead) -> Decimal | None:
    try:
        amount = Decimal(str(deal.raw.get("OPPORTUNITY") or 0))
    except InvalidOperation:
        return None
    return money(amount) if amount.is_finite() else None


def _our_rows(order: Order) -> list[tuple[str, Decimal, Decimal]]:
    # Exactly the rows the mirror writes to the deal.
    return [(_key(r.name), money(r.price), r.quantity.normalize()) for r in product_rows(order)]


def _equal(order: Order, rows: list[RowRead], amount: Decimal | None) -> bool:
    theirs = sorted((_key(r.name), r.price, r.quantity) for r in rows)
    total = compute_totals(order.parts, order.works).grand_total
    return sorted(_our_rows(order)) == theirs and amount == total


def _take_rows(ib: Inbound, order: Order, rows: list[RowRead], taken: _Taken) -> None:
    parts = {_key(p.name): p for p in counted_parts(order.parts)}
    works = {_key(w.name): w for w in order.works}
    seen = set()
    for row in rows:
        key = _key(row.name)
        seen.add(key)
        if key in parts:
            _take_part(ib, order, parts[key], row, taken)
        elif key in works:
            _take_work(ib, works[key], row, taken)
        else:
            taken.put_back = True  # a row added or renamed in the CRM (see `rows` for pricing)
    if (set(parts) | set(works)) - seen:
        taken.put_back = True  # a row removed in the CRM: the parts list is the bot's


def _take_part(ib: Inbound, order: Order, part: OrderPart, row: RowRead, taken: _Taken) -> None:
    if row.price != money(part.sale_price or Decimal(0)):
        if Decimal(0) <= row.price <= _MAX_MONEY:
            taken.actions.append(_price_text(ib, part.name, part.sale_price, row.price))
            taken.audit.append(
                {"name": part.name, "field": "sale_price", "old": part.sale_price, "new": row.price}
            )
            part.sale_price = row.price
        else:
            taken.put_back = True
    if row.quantity != part.quantity.normalize():
        if order.stage in QUANTITY_OPEN and row.quantity <= _MAX_QUANTITY:
            taken.actions.append(
                ib.texts(
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


def _take_work(ib: Inbound, work: OrderWork, row: RowRead, taken: _Taken) -> None:
    # A work is one line of the deal: only its price means something.
    if row.quantity != 1:
        taken.put_back = True
    if row.price == money(work.cost):
        return
    lowest = -_MAX_MONEY if work.kind == ADJUSTMENT else Decimal(0)  # a discount is negative
    if not lowest <= row.price <= _MAX_MONEY:
        taken.put_back = True
        return
    taken.actions.append(_price_text(ib, work.name, work.cost, row.price))
    taken.audit.append({"name": work.name, "field": "cost", "old": work.cost, "new": row.price})
    work.cost = row.price


def _take_amount(
    ib: Inbound, order: Order, rows: list[RowRead], amount: Decimal | None, taken: _Taken
) -> None:
    """An amount that is not the sum of the deal's rows was typed by hand: take it in."""
    if amount is None:
        taken.put_back = True
        return
    rows_sum = money(sum((r.price * r.quantity for r in rows), Decimal(0)))
    if amount == rows_sum:
        return
    total = compute_totals(order.parts, order.works).grand_total
    if amount == total:
        return
    if not Decimal(0) <= amount <= _MAX_MONEY:
        taken.put_back = True
        return
    correction = next((w for w in order.works if w.kind == ADJUSTMENT), None)
    old = correction.cost if correction is not None else Decimal(0)
    new = money(old + amount - total)
    if correction is None:
        position = max((w.position for w in order.works), default=0) + 1
        correction = OrderWork(
            position=position, name=ib.texts("inbound-adjustment-name"), cost=new, kind=ADJUSTMENT
        )
        order.works.append(correction)
    elif new == 0:
        order.works.remove(correction)
    else:
        correction.cost = new
    taken.actions.append(
        ib.texts("inbound-amount-taken", old=format_money(total), new=format_money(amount))
    )
    taken.audit.append({"name": "", "field": "amount", "old": total, "new": amount})


async def _record(session: AsyncSession, order: Order, taken: _Taken) -> None:
    master = await session.get(Employee, order.master_id) if order.master_id else None
    for change in taken.audit:
        audit.record(
            session,
            audit.AuditAction.ORDER_MONEY_CHANGED,
            actor=master,
            entity_type="order",
            entity_id=order.id,
            source="bitrix24",
            **{k: str(v) for k, v in change.items()},
        )


async def _bump_version(session: AsyncSession, order_id: int, seen: int) -> bool:
    """Compare-and-set of the order's version: False when someone changed it since we read."""
    result = await session.execute(
        update(Order)
        .where(Order.id == order_id, Order.version == seen)
        .values(version=seen + 1)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1  # type: ignore[attr-defined]


def _price_text(ib: Inbound, name: str, old: Decimal | None, new: Decimal) -> str:
    return ib.texts(
        "inbound-price-taken",
        name=name,
        old=format_money(old or Decimal(0)),
        new=format_money(new),
    )
