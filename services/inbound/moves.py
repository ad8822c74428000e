"""A stage moved in the CRM, applied through the same use cases and rules as a tap in the bot.

Who moved it: the employee linked to the deal's last modifier, else to its responsible user.
A move the rules refuse is not applied: the deal is put back to our stage (a deal sync), a
timeline comment says why, and the responsible user and the director are told in Telegram.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.errors import DomainError, named_stages
from services.inbound.context import Inbound, employee_for, in_flight
from services.orders import OrderService, from_crm
from services.orders.stages import Stage
from services.orders.tasks import role_holders
from services.orders.unit_of_work import OrderNote
from services.outbox import Entity
from services.roles import Role
from services.storage.models import Order


@dataclass(frozen=True)
class CrmMove:
    """The deal's stage change a move comes from (its STAGE_ID and MOVED_TIME). It is recorded
    on the order with the move's outcome, under the order's row lock, so each change is taken
    once: by one process, and not again after a restart or from a late, stale read."""

    status_id: str
    moved_at: datetime | None  # None: the portal did not say
    moved_by: Any  # MOVED_BY_ID

    @property
    def change(self) -> str:
        return f"{self.status_id} by {self.moved_by}"[:100]

    def is_new(self, order: Order) -> bool:
        seen = order.crm_moved_at
        if self.moved_at is None or seen is None:
            return True
        if self.moved_at != seen:
            return self.moved_at > seen
        # MOVED_TIME has whole seconds: a change within the same second is new if it differs.
        return self.change != order.crm_moved_change

    def account(self, order: Order) -> None:
        seen = order.crm_moved_at
        if self.moved_at is not None and (seen is None or self.moved_at >= seen):
            order.crm_moved_at, order.crm_moved_change = self.moved_at, self.change


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
            result = await OrderService(session, ib.clock, hours=ib.hours).move_to(
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
    return from_crm.taking_deal_move(crm, quiet=quiet)


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
