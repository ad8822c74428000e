"""Dialogs survive a bot restart when Redis keeps the FSM state."""

from __future__ import annotations

import uuid

from aiogram.fsm.storage.redis import RedisStorage

from bot.app import build_storage
from tests.conftest import REDIS_URL, make_settings


async def test_dialog_continues_after_bot_restart_through_dispatcher(
    shop, session_factory, translator
):
    """A search started before a restart is finished after it, on a new Dispatcher."""
    from bot.app import build_bot, build_dispatcher
    from bot.settings import BotSettings, RedisSettings
    from bot.testing.fake_telegram import BotHarness, FakeTelegramSession
    from services.orders import Stage
    from tests.dialogs.conftest import MASTER

    order_id = await shop.order_at(Stage.PARTS_PRICING)
    token = f"{uuid.uuid4().int % 10**9}:AAH-test-token-abcdefghijklmnopqrstu"
    settings = make_settings(
        bot=BotSettings(token=token, username="sto_shop_bot"), redis=RedisSettings(url=REDIS_URL)
    )

    def start_bot() -> tuple[BotHarness, RedisStorage]:
        storage = build_storage(settings)
        fake = FakeTelegramSession()
        dp = build_dispatcher(settings, storage, session_factory, translator)
        return BotHarness(dp, build_bot(settings, session=fake), fake), storage  # type: ignore[return-value]

    before, storage = start_bot()
    await before.send(MASTER, "🔎 Поиск")
    await storage.close()  # the process stops mid-dialog

    after, storage = start_bot()
    try:
        await after.send(MASTER, "а123вс77")
        assert f"№ {order_id} · BMW X5" in after.screen(MASTER)
    finally:
        await storage.redis.flushdb()
        await storage.close()


async def test_parts_walk_continues_after_bot_restart(shop, session_factory, translator):
    """The walk's data (one typed object in aiogram-dialog's stack) is kept in Redis too."""
    from bot.app import build_bot, build_dispatcher
    from bot.callbacks import OrderCallback
    from bot.settings import BotSettings, RedisSettings
    from bot.testing.fake_telegram import BotHarness, FakeTelegramSession
    from services.orders import Stage
    from tests.dialogs.conftest import STOREKEEPER

    order_id = await shop.order_at(Stage.AWAITING_DELIVERY)
    token = f"{uuid.uuid4().int % 10**9}:AAH-test-token-abcdefghijklmnopqrstu"
    settings = make_settings(
        bot=BotSettings(token=token, username="sto_shop_bot"), redis=RedisSettings(url=REDIS_URL)
    )
    fake = FakeTelegramSession()  # the chat outlives the process

    def start_bot() -> tuple[BotHarness, RedisStorage]:
        storage = build_storage(settings)
        dp = build_dispatcher(settings, storage, session_factory, translator)
        return BotHarness(dp, build_bot(settings, session=fake), fake), storage  # type: ignore[return-value]

    before, storage = start_bot()
    act = OrderCallback(action="act", order_id=order_id, stage=Stage.AWAITING_DELIVERY.value)
    await before.tap(STOREKEEPER, act.pack())
    await before.tap_button(STOREKEEPER, "Стойка стабилизатора 0/2")
    await storage.close()

    after, storage = start_bot()
    try:
        await after.tap_button(STOREKEEPER, "все 2")
        assert after.screen(STOREKEEPER).startswith(
            "✅ Принято: Стойка стабилизатора ×2 (теперь 2/2)."
        )
    finally:
        # Only this bot's keys: other tests share the Redis.
        bot_id = token.split(":")[0]
        async for key in storage.redis.scan_iter(f"stobot:{bot_id}:*"):
            await storage.redis.delete(key)
        await storage.close()


async def test_approval_continues_after_bot_restart(shop, session_factory, translator):
    """The approval's typed data (a date among it) and the calendar's month live in Redis."""
    from bot.app import build_bot, build_dispatcher
    from bot.callbacks import OrderCallback
    from bot.settings import BotSettings, RedisSettings
    from bot.testing.fake_telegram import BotHarness, FakeTelegramSession
    from services.orders import Stage
    from tests.dialogs.conftest import MASTER

    order_id = await shop.order_at(Stage.CLIENT_APPROVAL)
    token = f"{uuid.uuid4().int % 10**9}:AAH-test-token-abcdefghijklmnopqrstu"
    settings = make_settings(
        bot=BotSettings(token=token, username="sto_shop_bot"), redis=RedisSettings(url=REDIS_URL)
    )
    fake = FakeTelegramSession()

    def start_bot() -> tuple[BotHarness, RedisStorage]:
        storage = build_storage(settings)
        dp = build_dispatcher(settings, storage, session_factory, translator)
        return BotHarness(dp, build_bot(settings, session=fake), fake), storage  # type: ignore[return-value]

    before, storage = start_bot()
    act = OrderCallback(action="act", order_id=order_id, stage=Stage.CLIENT_APPROVAL.value)
    await before.tap(MASTER, act.pack())
    await before.tap_button(MASTER, "✅ Клиент согласен")
    await before.tap_button(MASTER, "завтра")
    await storage.close()

    after, storage = start_bot()
    try:
        await after.tap_button(MASTER, "10:00")
        assert "шаг 4 из 4" in after.screen(MASTER)
        await after.tap_button(MASTER, "◀️ Назад")
        await after.tap_button(MASTER, "◀️ Назад")
        assert "[ ✓ завтра ]" in after.screen(MASTER)
    finally:
        await storage.redis.flushdb()
        await storage.close()
