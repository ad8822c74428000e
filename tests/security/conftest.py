"""Security tests: forged buttons, webhook secrets, hostile text, fuzzing, secrets in logs.

The shop of tests/dialogs (five people, one per role, orders at any stage) is reused here;
`db_state` is what "nothing changed" means: every row of every table but the audit journal.
"""

from __future__ import annotations

from typing import Any

from aiogram.methods import AnswerCallbackQuery, EditMessageText, SendMessage, TelegramMethod
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.storage.models import AuditEvent, Base
from tests.dialogs.conftest import shop  # noqa: F401 - the fixture, shared

# What a refusal may touch: the journal records it.
NOT_STATE = frozenset({"audit_log"})


async def db_state(factory: async_sessionmaker[AsyncSession]) -> dict[str, list[tuple[Any, ...]]]:
    state: dict[str, list[tuple[Any, ...]]] = {}
    async with factory() as session:
        for table in Base.metadata.sorted_tables:
            if table.name in NOT_STATE:
                continue
            rows = (await session.execute(text(f"SELECT * FROM {table.name}"))).all()
            state[table.name] = sorted((tuple(row) for row in rows), key=repr)
    return state


async def refusals(factory: async_sessionmaker[AsyncSession]) -> list[str]:
    async with factory() as session:
        rows = await session.scalars(
            select(AuditEvent.action).where(AuditEvent.action == "access.refused")
        )
        return list(rows)


async def audit_count(factory: async_sessionmaker[AsyncSession]) -> int:
    async with factory() as session:
        return int(await session.scalar(select(func.count(AuditEvent.id))) or 0)


def texts_seen(calls: list[TelegramMethod[Any]]) -> list[str]:
    """Every text the person was shown: alerts, new messages, edited messages."""
    seen = []
    for call in calls:
        if isinstance(call, AnswerCallbackQuery | SendMessage | EditMessageText) and call.text:
            seen.append(call.text)
    return seen
