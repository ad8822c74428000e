"""Wiring: the Bot, the FSM storage and the Dispatcher with its middlewares and routers."""

from __future__ import annotations

import hashlib
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.base import BaseSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage, DefaultKeyBuilder
from aiogram.fsm.storage.memory import MemoryStorage, SimpleEventIsolation
from aiogram.fsm.storage.redis import RedisStorage
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialWithJitterBackoff
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import errors
from bot.i18n import Translator
from bot.middlewares import (
    DbSessionMiddleware,
    EmployeeMiddleware,
    ServicesMiddleware,
    ThrottlingMiddleware,
)
from bot.middlewares.dedupe import (
    ClaimAheadMiddleware,
    MemorySeenUpdates,
    RedisSeenUpdates,
    SeenUpdates,
    UpdateDedupeMiddleware,
)
from bot.middlewares.reads import ReadsOnlyMiddleware
from bot.runtime.fsm_redis import PrefetchingRedisStorage, WritesBeforeTelegram
from bot.settings import Settings
from dialogs.kit import setup as dialog_kit
from dialogs.kit import stale
from handlers import build_root_router
from services.clock import Clock, system_clock
from services.staff.directory import (
    LocalGeneration,
    RedisGeneration,
    StaffDirectory,
    generation_key,
)


def build_bot(settings: Settings, session: BaseSession | None = None) -> Bot:
    if session is None:
        session = AiohttpSession()
        if settings.telegram.api_url:
            session.api = TelegramAPIServer.from_base(
                settings.telegram.api_url, is_local=settings.telegram.api_is_local
            )
    # The FSM writes an update has left waiting are made before it shows anything.
    session.middleware(WritesBeforeTelegram())
    return Bot(
        token=settings.bot.token.get_secret_value(),
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
    )


def fsm_key_builder() -> DefaultKeyBuilder:
    # Per user *and* chat (the default strategy), per bot, and per dialog "destiny" so
    # aiogram-dialog stacks never collide with plain FSM states.
    return DefaultKeyBuilder(prefix="stobot", with_bot_id=True, with_destiny=True)


def build_storage(settings: Settings, key_builder: DefaultKeyBuilder | None = None) -> BaseStorage:
    """`key_builder`: keys under another prefix (the benchmark's run of its own)."""
    if settings.redis.url:
        return PrefetchingRedisStorage.from_url(
            settings.redis.url,
            connection_kwargs=redis_connection(),
            key_builder=key_builder or fsm_key_builder(),
        )
    return MemoryStorage()


def redis_connection() -> dict[str, Any]:
    """aiogram's pool has no retry: after a Redis restart the first command on each pooled
    (now dead) connection failed the update. Reconnect and retry a few times instead, and give
    up within seconds while Redis is down, so the person is asked to try again."""
    return {
        "retry": Retry(ExponentialWithJitterBackoff(base=0.05, cap=0.5), retries=3),
        "socket_connect_timeout": 5,
        "socket_timeout": 5,
        "health_check_interval": 30,
    }


def event_isolation(storage: BaseStorage) -> BaseEventIsolation:
    if isinstance(storage, RedisStorage):
        return storage.create_isolation()  # a lock across every bot process
    return SimpleEventIsolation()


def seen_updates(settings: Settings, storage: BaseStorage) -> SeenUpdates:
    if isinstance(storage, RedisStorage):
        # Shared by every bot process; the staff generation rides with each claim.
        return RedisSeenUpdates(storage.redis, ride_along=(generation_key(settings.bot.bot_id),))
    return MemorySeenUpdates()


def staff_directory(settings: Settings, storage: BaseStorage) -> StaffDirectory:
    if isinstance(storage, RedisStorage):
        generation = RedisGeneration(storage.redis, generation_key(settings.bot.bot_id))
        return StaffDirectory(generation)
    return StaffDirectory(LocalGeneration())


def webhook_secret(settings: Settings) -> str:
    """The configured secret, or one derived from the token so every instance agrees on it."""
    if settings.webhook.secret:
        return settings.webhook.secret.get_secret_value()
    return derived_webhook_secret(settings.bot.token.get_secret_value())


def derived_webhook_secret(token: str) -> str:
    digest = hashlib.sha256(b"stobot-webhook:" + token.encode())
    return digest.hexdigest()[:48]


def build_dispatcher(
    settings: Settings,
    storage: BaseStorage,
    session_factory: async_sessionmaker[AsyncSession],
    translator: Translator,
    clock: Clock = system_clock,
) -> Dispatcher:
    dp = Dispatcher(
        storage=storage,
        # One update at a time per user: two quick taps cannot race on the same dialog.
        events_isolation=event_isolation(storage),
        settings=settings,
        translator=translator,
        session_factory=session_factory,
        clock=clock,
    )
    # Before anything costs a round-trip: a redelivered update is dropped here.
    seen = seen_updates(settings, storage)
    if isinstance(seen, RedisSeenUpdates):
        # The claim rides in the script that takes the user's lock, which aiogram's FSM
        # middleware runs: handed over before it (bot/runtime/fsm_redis.py).
        dp.update.outer_middleware.unregister(dp.fsm)
        dp.update.outer_middleware(ClaimAheadMiddleware(seen))
        dp.update.outer_middleware(dp.fsm)
    dp.update.outer_middleware(UpdateDedupeMiddleware(seen))
    dp.update.outer_middleware(
        ThrottlingMiddleware(translator, settings.shop.throttle_rate, settings.shop.throttle_burst)
    )
    dp.update.outer_middleware(DbSessionMiddleware(session_factory))
    dp.update.outer_middleware(EmployeeMiddleware(translator, staff_directory(settings, storage)))
    dp.update.outer_middleware(ServicesMiddleware(settings, translator, clock))
    # Inner: runs once the handler is chosen, for handlers flagged READS_ONLY.
    dp.message.middleware(ReadsOnlyMiddleware())
    dp.callback_query.middleware(ReadsOnlyMiddleware())
    dp.include_router(stale.setup())
    dp.include_router(errors.setup())
    dp.errors.outer_middleware(errors.StorageAwayFirst())
    dp.include_router(build_root_router())
    dialog_kit.setup(dp)
    return dp
