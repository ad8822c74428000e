"""ONCRMDEALADD / ONCRMDEALUPDATE (and reconciliation's deals): one path for both.

A deal of our pipeline we do not know becomes an order; one we know has its stage, its
responsible user and, while parts are being priced, its new product rows taken in (`rows`).
Prices, quantities and an amount edited in the CRM are taken in by `money` (README,
"Two-way sync").
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from services import audit
from services.inbound.context import Inbound, employee_for, in_flight
from services.inbound.creating import create_from_deal
from services.inbound.money import take_in_money
from services.inbound.moves import apply_move
from services.inbound.reading import DealRead, read_deal
from services.inbound.rows import take_in_rows
from services.mirror.sent import StagesSent, stages_sent
from services.orders.stages import Stage
from services.outbox import Entity
from services.roles import Role
from services.storage.models import Order

ECHO = "echo: our change is still being sent"


async def apply_deal(ib: Inbound, deal_id: int) -> str:
    deal = await read_deal(ib, deal_id)
    if deal.category_id != ib.mapping.category_id:
        return "not our pipeline"
    sent: StagesSent | None = None
    async with ib.factory() as session:
        order = await session.scalar(select(Order).where(Order.bitrix_deal_id == deal_id))
        if order is None:
            if deal.origin_id.startswith("stobot-"):
                return "our own deal, link not stored yet"
            known = None
        else:
            known = order.id
            if await in_flight(session, Entity.ORDER, order.id):
                sent = await stages_sent(session, order.id)
    if known is None:
        return await create_from_deal(ib, deal)
    if sent is not None:
        return await _moved_meanwhile(ib, known, deal, sent)
    return await _update(ib, known, deal)


async def _moved_meanwhile(ib: Inbound, order_id: int, deal: DealRead, sent: StagesSent) -> str:
    """Our change of the deal is still being sent: its other fields are about to be overwritten
    with ours, and its stage may be a write of ours coming back (an echo). A stage we are not
    sending is a person's move whatever the timing, applied or refused as usual; the stage of
    our previous write is an echo unless the portal says a person set it."""
    target = ib.stage_of(deal.status_id)
    async with ib.factory() as session:
        order = await session.get(Order, order_id)
        assert order is not None
        stage = order.stage
    if target is None or target == stage or deal.status_id in sent.sending:
        return ECHO
    if deal.status_id == sent.last and _by_webhook(ib, deal.moved_by):
        return ECHO
    return await apply_move(
        ib, order_id, Stage(target), (deal.modified_by, deal.assigned_by), deal.assigned_by
    )


def _by_webhook(ib: Inbound, user_id: Any) -> bool:
    try:
        return int(user_id) == ib.mapping.webhook_user_id
    except (TypeError, ValueError):
        return True  # not said: as good as ours


async def _update(ib: Inbound, order_id: int, deal: DealRead) -> str:
    outcomes = [await _responsible(ib, order_id, deal)]
    target = ib.stage_of(deal.status_id)
    async with ib.factory() as session:
        order = await session.get(Order, order_id)
        assert order is not None
        stage = order.stage
    if target is not None and target != stage:
        outcomes.append(
            await apply_move(
                ib, order_id, Stage(target), (deal.modified_by, deal.assigned_by), deal.assigned_by
            )
        )
    else:
        added = await take_in_rows(ib, order_id)
        outcomes.append(added)
        if not added:
            outcomes.append(await take_in_money(ib, order_id, deal))
    return "; ".join(o for o in outcomes if o) or "nothing changed"


async def _responsible(ib: Inbound, order_id: int, deal: DealRead) -> str:
    """A new responsible user of the deal becomes the order's master, if he is one of ours."""
    async with ib.factory() as session:
        order = await session.get(Order, order_id)
        master = await employee_for(session, deal.assigned_by)
        if order is None or master is None or master.id == order.master_id:
            return ""
        if Role.MASTER not in master.role_names:
            return ""
        audit.record(
            session,
            audit.AuditAction.ORDER_MASTER_CHANGED,
            actor=master,
            entity_type="order",
            entity_id=order.id,
            source="bitrix24",
            old=order.master_id,
            new=master.id,
        )
        order.master_id = master.id
        order.version += 1
        await session.commit()
    ib.caught.add("master_changed")
    return f"master → {master.id}"
