"""The relay starts with the bot when a portal is configured, sends, and stops cleanly."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from bot.app import build_bot
from bot.crm.relay import start_mirror
from bot.i18n import Translator
from bot.testing.fake_telegram import FakeTelegramSession
from services.crm.bitrix24 import Bitrix24Settings
from services.storage.models import OutboxMessage
from tests.conftest import make_settings
from tests.mirror.portal import set_up
from tests.mirror.walk import MirrorShop


async def test_no_portal_no_relay(session_factory) -> None:
    settings = make_settings()
    bot = build_bot(settings, session=FakeTelegramSession())
    assert start_mirror(settings, session_factory, Translator("ru"), bot) is None


async def test_relay_runs_beside_the_bot(fake_portal, outbox_factory) -> None:
    await set_up(fake_portal, outbox_factory)
    shop = await MirrorShop.open(outbox_factory)
    client_id, car_id = await shop.client_and_car()
    await shop.new_order(client_id, car_id)
    settings = make_settings(bitrix24=Bitrix24Settings(webhook_url=fake_portal.webhook_url))
    bot = build_bot(settings, session=FakeTelegramSession())
    mirror = start_mirror(settings, outbox_factory, Translator("ru"), bot)
    assert mirror is not None
    try:
        for _ in range(100):
            async with outbox_factory() as session:
                statuses = set((await session.scalars(select(OutboxMessage.status))).all())
            if statuses == {"done"}:
                break
            await asyncio.sleep(0.1)
    finally:
        await mirror.close()
    assert statuses == {"done"}
    assert len(fake_portal.state.deals.rows) == 1
    assert mirror.task.done()
