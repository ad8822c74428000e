"""A stage change made in the CRM, before and around its move: `note_deal_stage` (a person's
move, or what the deal shows anyway?) and `taking_deal_move` (the bookkeeping the move use case,
`use_cases.move_to`, commits with it)."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncSession

from services.crm.mirror import sent as crm_sent  # a module: the mirror imports services.orders
from services.crm.outbox import Kind, enqueue
from services.orders.unit_of_work import OrderNote, OrderWork
from services.storage.models import Order

if TYPE_CHECKING:  # from_crm imports the mirror, which imports services.orders
    from services.orders.from_crm import DealStageChange, EchoCheck


class StageSeen(Enum):
    AGREES = "agrees"  # the order is at the deal's stage
    NOT_NEW = "not new"  # this stage change was taken in already
    MOVE = "move"  # a person's move: the caller applies it through the move use cases
    ECHO_MEANWHILE = "echo, the bot wrote meanwhile"  # left unaccounted: looked at again
    ECHO = "echo"  # our older write is what the deal shows: the order's stage goes back


async def note_deal_stage(
    session: AsyncSession,
    order_id: int,
    change: DealStageChange,
    target: str,
    *,
    by_webhook: bool,
    is_echo: EchoCheck,
) -> StageSeen | None:
    """What the deal's stage `target` (ours) is to the order; None: no such order.

    A stage change already accounted for is not new (a late or stale read). A new one is a
    write of ours coming back (the stage we sent, or an earlier one the webhook's user set,
    `by_webhook`), or else a person's move, to be applied or refused as usual."""
    work = OrderWork(session)
    order = await work.find(order_id)
    if order is None:
        return None
    new = change.is_new(order)
    if target == order.stage or not new:
        if new:
            change.account(order)
        await work.commit([])
        return StageSeen.AGREES if target == order.stage else StageSeen.NOT_NEW
    if not crm_sent.is_ours(order.crm_stages_sent, change.status_id, by_webhook):
        await session.rollback()  # recorded with the move, in the move's transaction
        return StageSeen.MOVE
    if await is_echo(session, order_id):
        # What the deal shows may already be older than our write, or not (that write may
        # not carry the stage): left unaccounted, the next read looks at this change again.
        await session.rollback()
        return StageSeen.ECHO_MEANWHILE
    # Our older write is what the deal really shows: put the order's stage back on it.
    change.account(order)
    order.crm_stages_sent = crm_sent.unsure(order.crm_stages_sent)
    enqueue(session, Kind.DEAL_SYNC, order_id)
    await work.commit([])
    return StageSeen.ECHO


def taking_deal_move(change: DealStageChange, *, quiet: bool) -> OrderNote:
    """What a person's move made in the CRM records on the order, in the move use case's unit
    of work (`use_cases.move_to(work, ..., note=...)`): the deal's stage change, taken once; and,
    when nothing of ours is on its way to the deal (`quiet`), that the deal shows this stage,
    so a sync need not send it (nor, if the move is refused, think it is there)."""

    def note(order: Order) -> None:
        change.account(order)
        if quiet:
            order.crm_stages_sent = crm_sent.with_sent(order.crm_stages_sent, change.status_id)

    return note
