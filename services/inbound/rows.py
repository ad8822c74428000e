"""Product rows added to a deal in the CRM while its parts are still being priced.

A row whose name is none of the order's parts or works is a part the master forgot: it joins
the order as a part to price (the supplier's open pricing task covers it). At later stages the
parts list is settled in the bot (a move back to pricing reopens it), so there rows added in
the CRM are not taken in and the deal gets the bot's rows back (see `deals`).
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from services import audit
from services.inbound.context import Inbound
from services.inbound.reading import RowRead, read_rows
from services.orders import tasks as task_repo
from services.orders.parts import PART_NEW
from services.orders.stages import Stage
from services.outbox import events as outbox_events
from services.storage import unit_of_work
from services.storage.models import Employee, Order, OrderPart

# Stages whose parts list is still open to additions from the CRM.
OPEN_FOR_PARTS = frozenset({Stage.NEW.value, Stage.PARTS_PRICING.value})
_MAX_QUANTITY = Decimal("9999999.999")


async def take_in_rows(ib: Inbound, order_id: int) -> str:
    async with ib.factory() as session:
        order = await session.get(Order, order_id)
        if order is None or order.stage not in OPEN_FOR_PARTS:
            return ""
        deal_id = order.bitrix_deal_id
    if deal_id is None:
        return ""
    rows = await read_rows(ib, deal_id)
    async with ib.factory() as session:
        order = await session.get(Order, order_id, populate_existing=True)
        if order is None or order.stage not in OPEN_FOR_PARTS:
            return ""
        added = _add(session, order, rows)
        if not added:
            return ""
        master = await session.get(Employee, order.master_id) if order.master_id else None
        if master is not None:
            for part in added:
                audit.record(
                    session,
                    audit.AuditAction.PART_ADDED,
                    actor=master,
                    entity_type="order",
                    entity_id=order.id,
                    name=part.name,
                    source="bitrix24",
                )
            order.version += 1
            tasks = await task_repo.open_tasks(session, order.id)
            outbox_events.order_step(session, order, master, tasks)
        await unit_of_work.commit(session)
    for _ in added:
        ib.caught.add("part_added")
    return f"{len(added)} part(s) added"


def _add(session: AsyncSession, order: Order, rows: list[RowRead]) -> list[OrderPart]:
    known = {p.name.casefold() for p in order.parts} | {w.name.casefold() for w in order.works}
    position = max((p.position for p in order.parts), default=0)
    added = []
    for row in rows:
        if row.name.casefold() in known or row.quantity > _MAX_QUANTITY:
            continue
        known.add(row.name.casefold())
        position += 1
        part = OrderPart(
            position=position,
            name=row.name[:200].rstrip(),
            quantity=row.quantity,
            status=PART_NEW,
            received_quantity=Decimal(0),
        )
        order.parts.append(part)
        added.append(part)
    return added
