"""Before a stage button acts: whether the order is still where the button was drawn and the
person may use it (the pipeline's `actions`). A refused person is audited, and that committed."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.audit.refusals import refuse_access
from services.orders.pipeline import Action, actions, allowed, back_roles, back_targets
from services.orders.stages import Stage
from services.storage.models import Employee, Order

# The stage is all the check needs: the dialog a button opens reads the order fresh.
_STAGE = select(Order.stage).where(Order.id == bindparam("order_id"))


class Refusal(StrEnum):
    MISSING = "missing"  # no such order
    STALE = "stale"  # the order is in another stage than the button was drawn for
    ROLE = "role"  # the person may not take this action now


@dataclass(frozen=True)
class ButtonRefused:
    refusal: Refusal
    current_stage: str | None


async def check_button(
    session: AsyncSession,
    actor: Employee,
    roles: Collection[str],
    order_id: int,
    seen_stage: str,
    action: Action,
) -> ButtonRefused | None:
    """None when the button may act; else why not (a refused person is journalled)."""
    stage = await session.scalar(_STAGE, {"order_id": order_id})
    if stage is None:
        return ButtonRefused(Refusal.MISSING, None)
    if stage != seen_stage:
        return ButtonRefused(Refusal.STALE, stage)
    if action in actions(stage, roles) or _nowhere_back(stage, roles, action):
        return None
    await refuse_access(
        session, actor, f"stage.{action.value}", entity_type="order", entity_id=order_id
    )
    return ButtonRefused(Refusal.ROLE, stage)


def _nowhere_back(stage: str, roles: Collection[str], action: Action) -> bool:
    """«Back» from a stage with nothing before it (a card drawn by an older version offers it):
    the move's own screen says there is nowhere to go; it is no refusal to journal."""
    return (
        action is Action.MOVE_BACK
        and not back_targets(stage)
        and allowed(back_roles(Stage(stage)), roles)
    )
