"""ONCRMDEALADD / ONCRMDEALUPDATE (and reconciliation's deals): one path for both.

A deal of our pipeline we do not know becomes an order; one we know has its stage, its
responsible user and, while parts are being priced, its new product rows taken in (`rows`).
Prices, quantities and an amount edited in the CRM are taken in by `money` (README,
"Two-way sync"). This module reads and translates; the order changes in the use cases of
`services.orders.from_crm`, and a person's stage move in the same move use case as a tap in
the bot (`apply_move`).

A stage moved in the CRM: who moved it is the employee linked to the deal's last modifier,
else to its responsible user. A move the rules refuse is not applied: the deal is put back to
our stage (a deal sync), a timeline comment says why, and the responsible user and the
director are told in Telegram.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.crm.inbound.context import ECHO, Inbound, bot_wrote_meanwhile, employee_for, in_flight
from services.crm.inbound.creating import create_from_deal
from services.crm.inbound.money import take_in_money
from services.crm.inbound.reading import CrmMove, DealRead, read_deal
from services.crm.inbound.rows import take_in_rows
from services.crm.outbox import Entity
from services.errors import DomainError, named_stages
from services.orders import OrderWork, from_crm
from services.orders.deadlines import Deadlines
from services.orders.moves import StageSeen, note_deal_stage, taking_deal_move
from services.orders.stages import Stage
from services.orders.tasks import role_holders
from services.orders.unit_of_work import OrderNote
from services.orders.use_cases import move_to
from services.staff.roles import Role
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
        seen = await note_deal_stage(
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


async def apply_move(
    ib: Inbound,
    order_id: int,
    target: Stage,
    actor_users: tuple[Any, ...],
    responsible_user: Any,
    crm: CrmMove | None = None,
) -> str:
    """Move the order as the first of `actor_users` (Bitrix24 user ids) linked to an employee;
    `responsible_user` is told when the move is refused. `crm`: the deal's stage change this
    is (taken only if not taken yet)."""
    async with ib.factory() as session:
        # Read under the row lock: the move use case below takes the change in this lock.
        order = await session.get(Order, order_id, with_for_update=crm is not None)
        assert order is not None
        if crm is not None and not crm.is_new(order):
            await session.rollback()
            return "not new: taken in already"
        source = Stage(order.stage)
        actor = await employee_for(session, *actor_users)
        responsible = await employee_for(session, responsible_user)
        responsible_id = responsible.id if responsible is not None else None
        try:
            if actor is None:
                raise DomainError("inbound-move-no-employee")
            # The pipeline picks the use case, as for a tap in the bot.
            result = await move_to(
                OrderWork(session, ib.clock, Deadlines(ib.hours)),
                actor,
                order_id,
                to_stage=target,
                reason=ib.texts("inbound-move-reason"),
                seen_stage=source,
                note=await _bookkeeping(session, order_id, crm),
            )
        except DomainError as refusal:
            await session.rollback()
            await _refuse(ib, order_id, source, target, refusal, responsible_id, crm)
            return f"move {source.value}→{target.value} refused: {refusal.key}"
    await ib.telling.notices(result.notices)
    ib.caught.add("stage_moved")
    return f"moved {source.value}→{target.value}"


async def _bookkeeping(
    session: AsyncSession, order_id: int, crm: CrmMove | None
) -> OrderNote | None:
    """The deal's stage change, recorded by the move use case with the move."""
    if crm is None:
        return None
    # Nothing of ours on its way to the deal: it keeps this stage (`taking_deal_move`).
    quiet = not await in_flight(session, Entity.ORDER, order_id)
    return taking_deal_move(crm, quiet=quiet)


async def _refuse(
    ib: Inbound,
    order_id: int,
    source: Stage,
    target: Stage,
    refusal: DomainError,
    responsible_id: int | None,
    crm: CrmMove | None,
) -> None:
    params = {k: str(v) for k, v in refusal.params.items()}
    why = ib.texts(refusal.key, **named_stages(params, lambda stage: ib.texts(f"stage-{stage}")))
    comment = ib.texts(
        "inbound-move-refused-comment",
        source=ib.texts(f"stage-{source.value}"),
        target=ib.texts(f"stage-{target.value}"),
        reason=why,
    )
    async with ib.factory() as session:
        await from_crm.put_back_deal_stage(session, order_id, crm, texts=ib.texts, why=comment)
        people = [e for e in await role_holders(session, Role.DIRECTOR)]
    if responsible_id is not None and responsible_id not in people:
        people.insert(0, responsible_id)
    await ib.telling.refused(order_id, people, target.value, refusal.key, params)
    ib.caught.add("move_refused")
