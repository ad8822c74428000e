"""The real Dispatcher on the recording fake Telegram session, built one way for the tests'
`harness` fixture and for `stobot demo`."""

from __future__ import annotations

from typing import TypeVar

from aiogram.fsm.storage.base import BaseStorage
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import build_bot, build_dispatcher
from bot.i18n import Translator
from bot.settings import (
    BotSettings,
    DatabaseSettings,
    RedisSettings,
    Settings,
    ShopSettings,
    TelegramSettings,
    WebhookSettings,
)
from bot.testing.fake_telegram import BotHarness, FakeTelegramSession

TEST_TOKEN = "123456789:AAH-test-token-abcdefghijklmnopqrstu"
H = TypeVar("H", bound=BotHarness)


def harness_settings(token: str = TEST_TOKEN, **overrides: object) -> Settings:
    """Settings for a bot that only ever talks to the fake session: no Redis, no webhook, and a
    throttle people cannot reach (scripted taps come faster than fingers; it has its own test)."""
    sections: dict[str, object] = {
        "bot": BotSettings(token=token, username="sto_shop_bot"),
        "telegram": TelegramSettings(),
        "database": DatabaseSettings(),
        "redis": RedisSettings(url=None),
        "shop": ShopSettings(throttle_rate=1000, throttle_burst=1000),
        "webhook": WebhookSettings(url=None),
    }
    sections.update(overrides)
    return Settings(**sections)  # type: ignore[arg-type]


def build_harness(
    settings: Settings,
    storage: BaseStorage,
    session_factory: async_sessionmaker[AsyncSession],
    translator: Translator,
    kind: type[H] = BotHarness,  # type: ignore[assignment]
) -> H:
    fake = FakeTelegramSession()
    dispatcher = build_dispatcher(settings, storage, session_factory, translator)
    return kind(dispatcher, build_bot(settings, session=fake), fake)
