"""A shop user's action in the bot never waits for Bitrix24: with the portal down and the relay
running, the tap is answered at once and its outbox row waits; it arrives once the portal is back.
"""

from __future__ import annotations

import asyncio
import time

from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.methods import AnswerCallbackQuery
from sqlalchemy import select, update

from bot.app import build_bot, build_dispatcher
from bot.callbacks import TaskCallback
from bot.crm.relay import start_mirror
from bot.i18n import Translator
from bot.testing.fake_telegram import BotHarness, FakeTelegramSession, TelegramUser
from services.crm.bitrix24 import Bitrix24Settings
from services.staff.roles import Role
from services.storage.models import OutboxMessage, StageTask
from tests.conftest import make_settings
from tests.mirror.portal import set_up, unsent
from tests.mirror.walk import PEOPLE, MirrorShop


async def test_taking_a_task_with_the_portal_down(fake_portal, outbox_factory) -> None:
    await set_up(fake_portal, outbox_factory)
    shop = await MirrorShop.open(outbox_factory)
    client_id, car_id = await shop.client_and_car()
    order_id = await shop.new_order(client_id, car_id)
    settings = make_settings(bitrix24=Bitrix24Settings(webhook_url=fake_portal.webhook_url))
    translator = Translator("ru")
    bot = build_bot(settings, session=FakeTelegramSession())
    dp = build_dispatcher(settings, MemoryStorage(), outbox_factory, translator)
    harness = BotHarness(dp, bot, bot.session)  # type: ignore[arg-type]
    await fake_portal.go_down()
    mirror = start_mirror(settings, outbox_factory, translator, bot)
    assert mirror is not None
    try:
        async with outbox_factory() as session:
            task = await session.scalar(select(StageTask).where(StageTask.order_id == order_id))
        tg_id, name, _ = PEOPLE[Role.SUPPLIER]
        supplier = TelegramUser(tg_id, *name.split())
        started = time.monotonic()
        calls = await harness.tap(supplier, TaskCallback(action="take", task_id=task.id).pack())
        assert time.monotonic() - started < 1.0
        assert [c.text for c in calls if isinstance(c, AnswerCallbackQuery)] == ["Задача ваша."]
        await asyncio.sleep(0.3)  # the relay tries, and fails, meanwhile
        pending = await unsent(outbox_factory)
        assert pending
        await fake_portal.come_up()
        mirror.relay.config.idle_poll = 0.05
        async with outbox_factory() as session:
            # Skip the back-off the failures earned, instead of waiting it out.
            await session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.status == "pending")
                .values(next_attempt_at=OutboxMessage.created_at)
            )
            await session.commit()
        for _ in range(100):
            async with outbox_factory() as session:
                left = (
                    await session.scalars(
                        select(OutboxMessage.id).where(OutboxMessage.status != "done")
                    )
                ).all()
            if not left:
                break
            await asyncio.sleep(0.1)
        assert not left
    finally:
        await mirror.close()
    [portal_task] = fake_portal.state.tasks.rows.values()
    assert portal_task["RESPONSIBLE_ID"] == PEOPLE[Role.SUPPLIER][2]
