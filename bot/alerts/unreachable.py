"""An employee who blocked the bot: marked once, and the directors told once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import Translator
from services.alerts import queue
from services.orders.tasks import role_holders
from services.roles import Role
from services.storage.models import Employee, UnreachableEmployee


async def mark_unreachable(
    session: AsyncSession, employee_id: int, translator: Translator, now: datetime
) -> bool:
    """True when this call marked them (and queued the directors' notice). Never commits."""
    insert = pg_insert if session.bind.dialect.name == "postgresql" else sqlite_insert
    marked = await session.scalar(
        insert(UnreachableEmployee)
        .values(employee_id=employee_id, since=now)
        .on_conflict_do_nothing(index_elements=["employee_id"])
        .returning(UnreachableEmployee.employee_id)
    )
    if marked is None:
        return False
    person = await session.get(Employee, employee_id)
    name = person.full_name if person else str(employee_id)
    for director_id in await role_holders(session, Role.DIRECTOR):
        if director_id == employee_id:
            continue
        director = await session.get(Employee, director_id)
        if director is None:
            continue
        l10n = translator.get(director.locale)
        queue.enqueue(
            session,
            chat_id=director.telegram_id,
            employee_id=director.id,
            text=l10n("alert-unreachable", name=name),
            now=now,
        )
    return True
