"""A refused access: someone tried what their roles do not allow (a typed label of another
role, a forged or stale button). The journal keeps each one, written here only: the menus'
guards, the stage button's check (`orders.access`) and the order unit of work's `authorise`
all refuse through `refuse_access`."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from services.audit import log as audit
from services.storage.models import Employee
from services.storage.unit_of_work import commit


async def refuse_access(
    session: AsyncSession,
    actor: Employee,
    action_name: str,
    *,
    entity_type: str | None = None,
    entity_id: object | None = None,
) -> None:
    """Journal the refusal of `action_name` to `actor` and commit."""
    audit.record(
        session,
        audit.AuditAction.ACCESS_REFUSED,
        actor=actor,
        entity_type=entity_type,
        entity_id=entity_id,
        action_name=action_name,
    )
    await commit(session)
