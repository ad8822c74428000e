"""Why an order was sent back to its stage, and by whom: told to whoever redoes the stage.

Read from the journal: the order's last move (`order.moved`), while that move was a move back
into the stage the order is still in. Any later move (the work done, another send-back)
supersedes it, so the reason is shown exactly until the stage's work is done.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.audit.log import AuditAction
from services.orders.pipeline import MoveKind
from services.orders.stages import Stage
from services.staff.roles import Role
from services.storage.models import AuditEvent, Employee


@dataclass(frozen=True)
class SendBack:
    reason: str
    source: Stage  # the stage the order was sent back from
    by_name: str | None  # who sent it back (None: the employee is gone)
    by_role: Role | None  # the role they did it in (None: a move journalled without one)


_LAST_MOVE = (
    select(AuditEvent.details, Employee.full_name)
    .outerjoin(Employee, Employee.id == AuditEvent.actor_id)
    .where(
        AuditEvent.entity_type == "order",
        AuditEvent.entity_id == bindparam("order_id"),
        AuditEvent.action == AuditAction.ORDER_MOVED,
    )
    .order_by(AuditEvent.id.desc())
    .limit(1)
)


async def current_send_back(
    session: AsyncSession, order_id: int, stage: Stage | str
) -> SendBack | None:
    """The send-back the order's stage `stage` is redoing, if it is one."""
    row = (await session.execute(_LAST_MOVE, {"order_id": str(order_id)})).first()
    if row is None:
        return None
    details, name = row
    details = details or {}
    reason = details.get("reason")
    if (
        details.get("kind") != MoveKind.BACK.value
        or details.get("to_stage") != str(stage)
        or not reason
    ):
        return None
    role = details.get("role")
    return SendBack(
        reason=str(reason),
        source=Stage(details["from_stage"]),
        by_name=name,
        by_role=Role(role) if role in set(Role) else None,
    )
