"""The director's /sync screen: queue, oldest age, parked messages and their retry button."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from aiogram.methods import AnswerCallbackQuery
from sqlalchemy import select

from bot.testing.fake_telegram import TelegramUser
from handlers.sync import SyncCallback
from services.staff.roles import Role
from services.storage.models import OutboxMessage
from tests.conftest import add_employee

DIRECTOR = TelegramUser(301, "Ирина", "Директорова")
MASTER = TelegramUser(302, "Сергей", "Мастеров")


async def _seed(session_factory) -> None:  # type: ignore[no-untyped-def]
    await add_employee(session_factory, DIRECTOR.id, DIRECTOR.full_name, Role.DIRECTOR)
    await add_employee(session_factory, MASTER.id, MASTER.full_name, Role.MASTER)
    old = datetime.now(UTC) - timedelta(minutes=30)
    async with session_factory() as session:
        session.add_all(
            [
                OutboxMessage(
                    kind="deal.sync",
                    entity_type="order",
                    entity_id=42,
                    created_at=old,
                    last_error="batch: Cannot connect to the portal",
                ),
                OutboxMessage(
                    kind="contact.sync",
                    entity_type="client",
                    entity_id=7,
                    status="parked",
                    attempts=3,
                    last_error="Bitrix24 refused: crm.contact.add: ACCESS_DENIED: Access denied",
                ),
            ]
        )
        await session.commit()


async def test_director_sees_the_queue_and_retries_a_parked_message(harness, session_factory):
    await _seed(session_factory)
    await harness.send(DIRECTOR, "🔄 Синхронизация")
    screen = harness.screen(DIRECTOR)
    assert "Синхронизация с Битрикс24" in screen
    assert "Битрикс24 не подключён" in screen
    assert "Ждут отправки: 1, самое старое — 30 мин." in screen
    assert "Последняя неудача: batch: Cannot connect to the portal (повторится сама)" in screen
    assert "клиент 7: Bitrix24 refused: crm.contact.add: ACCESS_DENIED" in screen
    async with session_factory() as session:
        parked = await session.scalar(select(OutboxMessage).where(OutboxMessage.status == "parked"))
    calls = await harness.tap(DIRECTOR, SyncCallback(action="retry", message_id=parked.id).pack())
    answers = [c.text for c in calls if isinstance(c, AnswerCallbackQuery)]
    assert answers == ["Снова в очереди: 1"]
    assert "Отложенных нет." in harness.screen(DIRECTOR)
    async with session_factory() as session:
        statuses = sorted((await session.scalars(select(OutboxMessage.status))).all())
    assert statuses == ["pending", "pending"]


async def test_others_do_not_get_the_screen(harness, session_factory):
    await _seed(session_factory)
    await harness.send(MASTER, "/sync")
    assert "Синхронизация с Битрикс24" not in harness.screen(MASTER)
    await harness.tap(MASTER, SyncCallback(action="retry").pack())
    async with session_factory() as session:
        statuses = sorted((await session.scalars(select(OutboxMessage.status))).all())
    assert statuses == ["parked", "pending"]


def test_sync_callback_fits_telegram_limit():
    assert len(SyncCallback(action="refresh", message_id=2**31 - 1).pack().encode()) <= 64
