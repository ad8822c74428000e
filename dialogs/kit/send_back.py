"""The reason a stage's order was sent back, on top of the screens where its work is redone."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import L10n
from bot.render.orders import send_back_text
from services.orders.send_back import current_send_back


async def send_back_note(
    l10n: L10n, session: AsyncSession, order_id: int, stage: str
) -> str | None:
    """Why the order was sent back to `stage`, and by whom; None if it was not."""
    found = await current_send_back(session, order_id, stage)
    return send_back_text(l10n, found) if found else None
