"""The reason a stage's order was sent back, on top of the screens where its work is redone."""

from __future__ import annotations

from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import StatesGroup
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import L10n
from bot.render.orders import send_back_text
from dialogs.common.screen import pin
from services.orders.send_back import current_send_back


async def pin_send_back(
    state: FSMContext,
    group: type[StatesGroup],
    l10n: L10n,
    session: AsyncSession,
    order_id: int,
    stage: str,
) -> None:
    """Pin why the order was sent back to `stage`, and by whom, for the dialog `group`; an
    order not sent back pins nothing (and clears what an earlier order of the dialog pinned)."""
    await pin(state, group, await send_back_note(l10n, session, order_id, stage))


async def send_back_note(
    l10n: L10n, session: AsyncSession, order_id: int, stage: str
) -> str | None:
    """Why the order was sent back to `stage`, and by whom; None if it was not."""
    found = await current_send_back(session, order_id, stage)
    return send_back_text(l10n, found) if found else None
