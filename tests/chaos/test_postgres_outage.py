"""PostgreSQL going away while updates flow (issue 9, chaos).

The per-test database is taken down on the server (connections refused and the open ones
terminated, see `postgres_outage`), once between two updates and once in the middle of the
transaction that saves a new order. Every update that needs the database meanwhile gets a
polite "try again" (a dialog step that needs none goes on: the employee is kept between
updates, services/staff/directory.py), nothing half-written remains, and when the database
is back the same bot (same engine and pool, no restart) finishes the order: one client, one
car, one order (the outage inside the save left none of them: they are one transaction).
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.methods import AnswerCallbackQuery, EditMessageText, SendMessage
from sqlalchemy import event, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import build_bot, build_dispatcher
from bot.testing.fake_telegram import BotHarness, FakeTelegramSession
from services.staff.roles import Role
from services.storage.engine import create_engine, create_session_factory
from services.storage.migrate import upgrade
from services.storage.models import Car, Client, Order, OrderPart, StageTask
from tests.chaos.postgres_outage import bring_up, take_down, take_down_now
from tests.conftest import (
    BACKENDS,
    add_employee,
    drop_postgres_database,
    make_settings,
    postgres_url,
    scratch_postgres_database,
)
from tests.dialogs.conftest import MASTER, SUPPLIER

pytestmark = pytest.mark.skipif(
    "postgresql" not in BACKENDS, reason="needs PostgreSQL (STOBOT_TEST_BACKENDS)"
)
TRY_AGAIN = "База данных временно недоступна"


@pytest.fixture
async def outage_db() -> AsyncIterator[tuple[str, AsyncEngine]]:
    """A database of this test's own, reached through the bot's production engine settings."""
    name = await scratch_postgres_database("stobot_chaos")
    engine = create_engine(postgres_url(name))
    try:
        await upgrade(engine)
        yield name, engine
    finally:
        await bring_up(name)
        await engine.dispose()
        await drop_postgres_database(name)


async def _counts(factory) -> dict[str, int]:  # type: ignore[no-untyped-def]
    async with factory() as session:
        return {
            model.__tablename__: int(
                await session.scalar(select(func.count()).select_from(model)) or 0
            )
            for model in (Client, Car, Order, OrderPart, StageTask)
        }


async def test_outage_between_and_inside_updates_then_the_same_bot_works(outage_db, translator):
    name, engine = outage_db
    factory = create_session_factory(engine)
    await add_employee(factory, MASTER.id, MASTER.full_name, Role.MASTER)
    await add_employee(factory, SUPPLIER.id, SUPPLIER.full_name, Role.SUPPLIER)
    settings = make_settings()
    fake = FakeTelegramSession()
    dp = build_dispatcher(settings, MemoryStorage(), factory, translator)
    bot = BotHarness(dp, build_bot(settings, session=fake), fake)

    # A new client with a new car, up to the summary.
    await bot.send(MASTER, "➕ Новый заказ")
    await bot.send(MASTER, "+7 903 555 12 34")
    await bot.send(MASTER, "Пётр Сидоров")
    await bot.send(MASTER, "xtagfl110jy123456")
    await bot.send(MASTER, "не заводится")

    await _down_between_updates(bot, name)
    # Back: the same engine serves the next update, the dialog where it was.
    await bot.tap_button(MASTER, "Готово")
    calls = await bot.tap_button(MASTER, "Пропустить")
    [summary] = [c.text for c in calls if isinstance(c, EditMessageText)]
    assert "Новый клиент: Пётр Сидоров" in summary and "Колодки передние ×2" in summary

    await _down_inside_the_save(bot, name, engine, factory)
    # The same button again: the client, the car and the order saved once.
    calls = await bot.tap_button(MASTER, "Сохранить")
    shown = [c.text for c in calls if isinstance(c, SendMessage | EditMessageText)]
    assert any("создан" in text for text in shown), shown
    after = await _counts(factory)
    assert after["clients"] == 1 and after["cars"] == 1
    assert after["orders"] == 1 and after["order_parts"] == 1
    assert "Калькуляция запчастей" in bot.screen(SUPPLIER)


async def _down_between_updates(bot: BotHarness, name: str) -> None:
    # Down between two updates: the pooled connections are dead and no new one is let in.
    await take_down(name)
    try:
        calls = await bot.send(MASTER, "Колодки передние 2")
        [step] = [c.text for c in calls if isinstance(c, SendMessage)]
        assert "шаг 5 из 7" in step and "Колодки передние ×2" in step
        calls = await bot.send(MASTER, "📋 Мои заказы")
        assert [c.text for c in calls if isinstance(c, SendMessage)] == [
            f"{TRY_AGAIN}. Попробуйте ещё раз через минуту — ничего не потеряно."
        ]
    finally:
        await bring_up(name)


async def _down_inside_the_save(bot: BotHarness, name: str, engine, factory) -> None:  # type: ignore[no-untyped-def]
    # Down in the middle of the transaction that saves the order, after the order row.
    armed = True

    def cut(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        nonlocal armed
        if armed and statement.lstrip().upper().startswith("INSERT INTO ORDER_PARTS"):
            armed = False
            take_down_now(name)

    event.listen(engine.sync_engine, "before_cursor_execute", cut)
    try:
        calls = await bot.tap_button(MASTER, "Сохранить")
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", cut)
        await bring_up(name)
    assert not armed, "the save never reached the parts"
    [alert] = [c for c in calls if isinstance(c, AnswerCallbackQuery) and c.text]
    assert alert.show_alert and TRY_AGAIN in (alert.text or "")
    # The client, the car and the order are one transaction: none of them stayed.
    assert await _counts(factory) == dict.fromkeys(
        ("clients", "cars", "orders", "order_parts", "stage_tasks"), 0
    )
