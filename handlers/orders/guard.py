"""Before any stage button acts: a stale button explains itself, a stranger to the stage is
refused (the service journals it). Registered ahead of every dialog, so dialogs start on a
checked order."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.filters import Filter
from aiogram.types import CallbackQuery
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import OrderAction, OrderCallback
from bot.i18n import L10n
from bot.render.orders import stage_label
from services.orders.access import ButtonRefused, Refusal, check_button
from services.orders.pipeline import Action
from services.storage.models import Employee

GUARDED = {
    OrderAction.ACT: Action.DO_STAGE_WORK,
    OrderAction.BACK: Action.MOVE_BACK,
    OrderAction.CANCEL: Action.CANCEL,
}


class GuardViolation(Filter):
    """Passes (with the refusal) only when the button must not act."""

    async def __call__(
        self,
        query: CallbackQuery,
        callback_data: OrderCallback,
        session: AsyncSession,
        employee: Employee,
        roles: frozenset[str],
    ) -> bool | dict[str, Any]:
        refused = await check_button(
            session,
            employee,
            roles,
            callback_data.order_id,
            callback_data.stage,
            GUARDED[callback_data.action],
        )
        return False if refused is None else {"refused": refused}


async def refuse(
    query: CallbackQuery, callback_data: OrderCallback, refused: ButtonRefused, l10n: L10n
) -> None:
    if refused.refusal is Refusal.MISSING:
        text = l10n("order-error-not-found", order_id=callback_data.order_id)
    elif refused.refusal is Refusal.STALE:
        text = l10n("order-error-stale", stage=stage_label(l10n, refused.current_stage or ""))
    else:
        text = l10n("error-forbidden")
    await query.answer(text, show_alert=True)


def setup() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(
        refuse, OrderCallback.filter(F.action.in_(tuple(GUARDED))), GuardViolation()
    )
    return router
