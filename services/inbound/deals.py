"""ONCRMDEALADD / ONCRMDEALUPDATE (and reconciliation's deals): one path for both.

A deal of our pipeline we do not know becomes an order; one we know has its stage, its
responsible user and, while parts are being priced, its new product rows taken in (`rows`).
Prices, quantities and an amount edited in the CRM are taken in by `money` (README,
"Two-way sync").
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from services import audit
from services.inbound.context import ECHO, Inbound, bot_wrote_meanwhile, employee_for, in_flight
from services.inbound.creating import create_from_deal
from services.inbound.money import take_in_money
from services.inbound.moves import CrmMove, apply_move
from services.inbound.reading import DealRead, read_deal
from services.inbound.rows import take_in_rows
from services.mirror.sent import is_ours, unsure
from services.orders.stages import Stage
from services.outbox import Entity, Kind, enqueue
from services.roles import Role
from services.storage import unit_of_work
from services.storage.models import Order
from services.storage.models.base import utcnow


async def apply_deal(ib: Inbound, deal_id: int) -> str:
    started = utcnow()  # before the read: what the bot wrote since may be newer than it
    deal = await read_deal(ib, deal_id)
    if deal.category_id != ib.mapping.category_id:
        return "not our pipeline"
    async with ib.factory() as session:
        order = await session.scalar(select(Order).where(Order.bitrix_deal_id == deal_id))
        if order is None:
            if deal.origin_id.startswith("stobot-"):
                return "our own deal, link not stored yet"
            created = await create_from_deal(ib, deal)
            # A deal made in a later column than the order starts at: that is a move.
            order_id = await session.scalar(select(Order.id).where(Order.bitrix_deal_id == deal_id))
            moved = None if order_id is None else await _stage(ib, order_id, deal, started)
            return f"{created}; {moved}" if moved else created
        order_id = order.id
        # Our change of the deal is on its way: its other fields are about to be ours again.
        pending = await in_flight(session, Entity.ORDER, order_id)
    outcomes = [] if pending else [await _responsible(ib, order_id, deal)]
    moved = await _stage(ib, order_id, deal, started)
    if moved is not None:
        outcomes.append(moved)
    elif pending:
        outcomes.append(ECHO)
    else:
        added = await take_in_rows(ib, order_id)
        outcomes.append(added)
        if not added:
            outcomes.append(await take_in_money(ib, order_id, deal))
    return "; ".join(o for o in outcomes if o) or "nothing changed"


async def _stage(ib: Inbound, order_id: int, deal: DealRead, started: datetime) -> str | None:
    """The deal's stage against the order's; None when they agree (or it is not ours).

    A stage change already accounted for (MOVED_TIME, `CrmMove`) is not new: a late or
    stale read. A new one is a write of ours coming back (an echo: the stage we sent, or
    an earlier one the webhook's user set), or else a person's move, applied or refused as
    usual, whatever the timing."""
    target = ib.stage_of(deal.status_id)
    if target is None or deal.status_id is None:
        return None
    crm = CrmMove(deal.status_id, deal.moved_at, deal.moved_by)
    async with ib.factory() as session:
        # One applier at a time per order (several processes, reconciliation).
        order = await session.get(Order, order_id, with_for_update=True, populate_existing=True)
        if order is None:
            return None
        new = crm.is_new(order)
        if target == order.stage:
            if new:
                crm.account(order)
            await unit_of_work.commit(session)
            return None
        if not new:
            await unit_of_work.commit(session)
            return "not new: this stage change was taken in already"
        if not is_ours(order.crm_stages_sent, deal.status_id, _by_webhook(ib, deal.moved_by)):
            await session.rollback()  # recorded with the move, in `apply_move`
            return await apply_move(
                ib,
                order_id,
                Stage(target),
                (deal.moved_by, deal.modified_by, deal.assigned_by),
                deal.assigned_by,
                crm,
            )
        if await bot_wrote_meanwhile(session, order_id, started):
            # What the deal shows may already be older than our write, or not (that write may
            # not carry the stage): left unaccounted, the next read looks at this change again.
            await session.rollback()
            return "echo: the deal shows a stage the bot sent; the bot wrote meanwhile"
        # Our older write is what the deal really shows: put the order's stage on it.
        crm.account(order)
        order.crm_stages_sent = unsure(order.crm_stages_sent)
        enqueue(session, Kind.DEAL_SYNC, order_id)
        await unit_of_work.commit(session)
    return "echo: the deal shows a stage the bot sent"


def _by_webhook(ib: Inbound, user_id: Any) -> bool:
    try:
        return int(user_id) == ib.mapping.webhook_user_id
    except (TypeError, ValueError):
        return False  # not said: nobody vouches it was the bot, so a person's move


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
        await unit_of_work.commit(session)
    ib.caught.add("master_changed")
    return f"master → {master.id}"
