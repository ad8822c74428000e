"""ONCRMDEALADD / ONCRMDEALUPDATE (and reconciliation's deals): one path for both.

A deal of our pipeline we do not know becomes an order; one we know has its stage, its
responsible user and, while parts are being priced, its new product rows taken in (`rows`).
Prices, quantities and an amount edited in the CRM are taken in by `money` (README,
"Two-way sync"). This module reads and translates; the order changes in the use cases of
`services.orders.from_crm`, and a person's stage move in the move use cases (`moves`).
"""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Any

from sqlalchemy import select

from services.inbound.context import ECHO, Inbound, bot_wrote_meanwhile, employee_for, in_flight
from services.inbound.creating import create_from_deal
from services.inbound.money import take_in_money
from services.inbound.moves import CrmMove, apply_move
from services.inbound.reading import DealRead, read_deal
from services.inbound.rows import take_in_rows
from services.orders import from_crm
from services.orders.from_crm import StageSeen
from services.orders.stages import Stage
from services.outbox import Entity
from services.storage.models import Order
from services.storage.models.base import utcnow

_SAID = {
    StageSeen.NOT_NEW: "not new: this stage change was taken in already",
    StageSeen.ECHO_MEANWHILE: "echo: the deal shows a stage the bot sent; the bot wrote meanwhile",
    StageSeen.ECHO: "echo: the deal shows a stage the bot sent",
}


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
    """The deal's stage against the order's; None when they agree (or it is not ours)."""
    target = ib.stage_of(deal.status_id)
    if target is None or deal.status_id is None:
        return None
    crm = CrmMove(deal.status_id, deal.moved_at, deal.moved_by)
    async with ib.factory() as session:
        seen = await from_crm.note_deal_stage(
            session,
            order_id,
            crm,
            target,
            by_webhook=_by_webhook(ib, deal.moved_by),
            is_echo=partial(bot_wrote_meanwhile, since=started),
        )
    if seen is StageSeen.MOVE:
        users = (deal.moved_by, deal.modified_by, deal.assigned_by)
        return await apply_move(ib, order_id, Stage(target), users, deal.assigned_by, crm)
    return None if seen in (None, StageSeen.AGREES) else _SAID[seen]


def _by_webhook(ib: Inbound, user_id: Any) -> bool:
    try:
        return int(user_id) == ib.mapping.webhook_user_id
    except (TypeError, ValueError):
        return False  # not said: nobody vouches it was the bot, so a person's move


async def _responsible(ib: Inbound, order_id: int, deal: DealRead) -> str:
    """A new responsible user of the deal becomes the order's master, if he is one of ours."""
    async with ib.factory() as session:
        master = await employee_for(session, deal.assigned_by)
        if master is None or not await from_crm.change_master(session, order_id, master):
            return ""
    ib.caught.add("master_changed")
    return f"master → {master.id}"
