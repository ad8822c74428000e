"""Handlers flagged READS_ONLY read without a transaction; should one write, it is refused."""

from __future__ import annotations

from typing import Any

import pytest
from aiogram import Dispatcher, F, Router
from aiogram.types import Message
from sqlalchemy import event, func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.app import build_bot
from bot.middlewares import DbSessionMiddleware
from bot.middlewares.reads import READS_ONLY, ReadsOnlyMiddleware
from bot.testing.fake_telegram import BotHarness, FakeTelegramSession, TelegramUser
from services.staff.roles import Role
from services.storage.engine import create_engine, create_session_factory
from services.storage.models import Client
from tests.conftest import add_employee, make_settings

PERSON = TelegramUser(5101, "Пётр")


async def _in_transaction(session: AsyncSession) -> bool:
    """Whether the driver has a transaction block open now (after a statement ran)."""
    raw = (await (await session.connection()).get_raw_connection()).driver_connection
    status = raw.is_in_transaction() if hasattr(raw, "is_in_transaction") else raw.in_transaction
    return bool(status)


def _probe(session_factory: async_sessionmaker[AsyncSession]) -> tuple[BotHarness, dict[str, Any]]:
    seen: dict[str, Any] = {}
    router = Router()

    async def read(message: Message, session: AsyncSession) -> None:
        seen["clients"] = await session.scalar(select(func.count()).select_from(Client))
        seen["in_transaction"] = await _in_transaction(session)

    async def write(message: Message, session: AsyncSession) -> None:
        session.add(Client(full_name="Тест", created_at=func.now()))
        try:
            await session.commit()
        except RuntimeError as error:
            seen["refused"] = str(error)

    router.message.register(read, F.text == "read", flags=READS_ONLY)
    router.message.register(read, F.text == "read in a transaction")
    router.message.register(write, F.text == "write", flags=READS_ONLY)
    dp = Dispatcher()
    dp.update.outer_middleware(DbSessionMiddleware(session_factory))
    dp.message.middleware(ReadsOnlyMiddleware())
    dp.include_router(router)
    fake = FakeTelegramSession()
    return BotHarness(dp, build_bot(make_settings(), session=fake), fake), seen


async def test_a_reads_only_handler_reads_outside_a_transaction(db_engine: AsyncEngine) -> None:
    # One connection, so the ordinary handler below gets the very connection the flagged one
    # had: it must be back to transactions when it is returned to the pool.
    engine = create_engine(db_engine.url.render_as_string(hide_password=False), pool_size=1)
    try:
        harness, seen = _probe(create_session_factory(engine))
        await harness.send(PERSON, "read")
        assert seen == {"clients": 0, "in_transaction": False}
        if engine.dialect.name == "postgresql":
            # The same read in an ordinary handler runs inside BEGIN … ROLLBACK.
            await harness.send(PERSON, "read in a transaction")
            assert seen["in_transaction"] is True
    finally:
        await engine.dispose()


async def test_a_reads_only_handler_that_writes_is_refused(session_factory) -> None:
    harness, seen = _probe(session_factory)
    await harness.send(PERSON, "write")
    assert "READS_ONLY" in seen["refused"]
    async with session_factory() as session:
        assert await session.scalar(select(func.count()).select_from(Client)) == 0


async def test_a_list_from_the_menu_sends_no_begin(
    harness: BotHarness, session_factory, db_engine: AsyncEngine
) -> None:
    """Through the real Dispatcher: every statement of a menu list runs outside a transaction."""
    if db_engine.dialect.name != "postgresql":
        pytest.skip("SQLite begins transactions only before writes anyway")
    await add_employee(session_factory, PERSON.id, "Пётр", Role.MASTER)
    # The first update reads who the person is before the handler is chosen (in a transaction);
    # from then on the staff directory knows him.
    await harness.send(PERSON, "✅ Мои задачи")
    statuses: list[bool] = []

    def after(conn: Any, *_args: Any) -> None:
        statuses.append(conn.connection.driver_connection.is_in_transaction())

    event.listen(db_engine.sync_engine, "after_cursor_execute", after)
    try:
        calls = await harness.send(PERSON, "✅ Мои задачи")
    finally:
        event.remove(db_engine.sync_engine, "after_cursor_execute", after)
    assert statuses and not any(statuses)
    assert [c.text for c in calls if hasattr(c, "text")]  # the list was shown
