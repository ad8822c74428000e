"""Before any stage button acts: a stale button explains itself, a stranger to the stage is
refused (and audited). Registered ahead of every dialog, so dialogs start on a checked order."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.filters import Filter
from aiogram.types import CallbackQuery
from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import OrderAction, OrderCallback
from bot.i18n import L10n
from bot.render.orders import stage_label
from services import audit
from services.orders.stages import STAGE_OWNER, Stage
from services.roles import Role
from services.storage.models import Employee, Order

GUARDED_ACTIONS = (OrderAction.ACT, OrderAction.BACK, OrderAction.CANCEL)
# The stage is all the guard needs. Loading the Order also loaded its parts and works (two
# more reads), which every dialog then read again, fresh.
_STAGE = select(Order.stage).where(Order.id == bindparam("order_id"))


class GuardViolation(Filter):
    """Passes (with the reason) only when the button must not act."""

    async def __call__(
        self,
        query: CallbackQuery,
        callback_data: OrderCallback,
        session: AsyncSession,
        roles: frozenset[str],
    ) -> bool | dict[str, Any]:
        stage = await session.scalar(_STAGE, {"order_id": callback_data.order_id})
        if stage is None:
            return {"violation": "missing", "current_stage": None}
        if stage != callback_data.stage:
            return {"violation": "stale", "current_stage": stage}
        if callback_data.action is OrderAction.ACT:
            owner = STAGE_OWNER.get(Stage(stage))
            if Role.DIRECTOR not in roles and (owner is None or owner not in roles):
                return {"violation": "role", "current_stage": stage}
        return False


async def refuse(
    query: CallbackQuery,
    callback_data: OrderCallback,
    violation: str,
    current_stage: str | None,
    l10n: L10n,
    session: AsyncSession,
    employee: Employee,
) -> None:
    if violation == "missing":
        text = l10n("order-error-not-found", order_id=callback_data.order_id)
    elif violation == "stale":
        text = l10n("order-error-stale", stage=stage_label(l10n, current_stage or ""))
    else:
        audit.record(
            session,
            audit.AuditAction.ACCESS_REFUSED,
            actor=employee,
            entity_type="order",
            entity_id=callback_data.order_id,
            action_name=f"stage.{callback_data.action.value}",
        )
        await session.commit()
        text = l10n("error-forbidden")
    await query.answer(text, show_alert=True)


def setup() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(
        refuse, OrderCallback.filter(F.action.in_(GUARDED_ACTIONS)), GuardViolation()
    )
    return router
