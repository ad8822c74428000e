"""A stage moved in the CRM, applied through the same use cases and rules as a tap in the bot.

Who moved it: the employee linked to the deal's last modifier, else to its responsible user.
A move the rules refuse is not applied: the deal is put back to our stage (a deal sync), a
timeline comment says why, and the responsible user and the director are told in Telegram.
"""

from __future__ import annotations

from typing import Any

from services.errors import DomainError, named_stages
from services.inbound.context import Inbound, employee_for
from services.orders import OrderService, StepResult
from services.orders.stages import OPEN_STAGES, Stage, next_stage
from services.orders.tasks import role_holders
from services.outbox import Kind, enqueue
from services.roles import Role
from services.storage.models import Employee, Order


async def apply_move(
    ib: Inbound, order_id: int, target: Stage, actor_users: tuple[Any, ...], responsible_user: Any
) -> str:
    """Move the order as the first of `actor_users` (Bitrix24 user ids) linked to an employee;
    `responsible_user` is told when the move is refused."""
    async with ib.factory() as session:
        order = await session.get(Order, order_id)
        assert order is not None
        source = Stage(order.stage)
        actor = await employee_for(session, *actor_users)
        responsible = await employee_for(session, responsible_user)
        try:
            if actor is None:
                raise DomainError("inbound-move-no-employee")
            result = await _move(
                OrderService(session, ib.clock, hours=ib.hours), actor, order, source, target, ib
            )
        except DomainError as refusal:
            await _refuse(ib, order_id, source, target, refusal, responsible)
            return f"move {source.value}→{target.value} refused: {refusal.key}"
    await ib.telling.notices(result.notices)
    ib.caught.add("stage_moved")
    return f"moved {source.value}→{target.value}"


async def _move(
    orders: OrderService,
    actor: Employee,
    order: Order,
    source: Stage,
    target: Stage,
    ib: Inbound,
) -> StepResult:
    reason = ib.texts("inbound-move-reason")
    if source not in OPEN_STAGES:
        raise DomainError("order-error-closed", stage=source.value)
    if target is Stage.CANCELLED:
        return await orders.cancel(actor, order.id, reason=reason, seen_stage=source)
    if target is next_stage(source):
        return await orders.complete_stage(actor, order.id, seen_stage=source)
    if Role.DIRECTOR in actor.role_names:
        # The director may move an order anywhere in the bot; the CRM is no different.
        return await orders.director_move(
            actor, order.id, to_stage=target, reason=reason, seen_stage=source
        )
    return await orders.move_back(
        actor, order.id, to_stage=target, reason=reason, seen_stage=source
    )


async def _refuse(
    ib: Inbound,
    order_id: int,
    source: Stage,
    target: Stage,
    refusal: DomainError,
    responsible: Employee | None,
) -> None:
    params = {k: str(v) for k, v in refusal.params.items()}
    why = ib.texts(refusal.key, **named_stages(params, lambda stage: ib.texts(f"stage-{stage}")))
    async with ib.factory() as session:
        # Our stage goes back onto the deal, and the timeline says why.
        enqueue(session, Kind.DEAL_SYNC, order_id)
        enqueue(
            session,
            Kind.DEAL_COMMENT,
            order_id,
            {
                "actor": ib.texts("inbound-bot-name"),
                "actions": [
                    {
                        "action": ib.texts(
                            "inbound-move-refused-comment",
                            source=ib.texts(f"stage-{source.value}"),
                            target=ib.texts(f"stage-{target.value}"),
                            reason=why,
                        )
                    }
                ],
                "moves": [],
            },
        )
        await session.commit()
        people = [e for e in await role_holders(session, Role.DIRECTOR)]
    if responsible is not None and responsible.id not in people:
        people.insert(0, responsible.id)
    await ib.telling.refused(order_id, people, target.value, refusal.key, params)
    ib.caught.add("move_refused")
