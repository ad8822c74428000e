"""`stobot run`: migrate, then serve by long polling or by webhook, until SIGTERM/SIGINT."""

from __future__ import annotations

import asyncio
import signal
from contextlib import suppress

import structlog
from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramNetworkError
from aiogram.fsm.storage.redis import RedisStorage
from aiohttp import web
from tenacity import AsyncRetrying, retry_if_exception_type, wait_exponential_jitter

from bot.alerts.service import start_alerts
from bot.app import build_bot, build_dispatcher, build_storage, webhook_secret
from bot.crm.events import start_inbound
from bot.crm.relay import start_mirror
from bot.i18n import Translator
from bot.runtime.heap import freeze_startup_objects
from bot.settings import Settings
from bot.web import build_web_app, health_check
from services.storage.engine import create_engine, create_session_factory
from services.storage.migrate import upgrade

log = structlog.get_logger(__name__)


async def run_bot(settings: Settings) -> None:
    engine = create_engine(
        settings.database.url,
        echo=settings.database.echo,
        pool_size=settings.database.pool_size,
    )
    await upgrade(engine)
    storage = build_storage(settings)
    bot = build_bot(settings)
    # With a portal configured, every use case also writes its Bitrix24 outbox rows.
    factory = create_session_factory(engine, outbox=settings.bitrix24.enabled)
    translator = Translator(settings.shop.default_locale)
    dp = build_dispatcher(settings, storage, factory, translator)
    redis = storage.redis if isinstance(storage, RedisStorage) else None
    health = health_check(engine, redis)
    mirror = start_mirror(settings, factory, translator, bot)
    # Two-way sync (issue 5): the portal's events in, and reconciliation; None without a token.
    inbound = await start_inbound(settings, factory, translator, bot)
    # Overdue tasks, delivery checks, reminders, the digest, and the paced notification sender.
    alerts = start_alerts(settings, factory, translator, bot, dp)
    freeze_startup_objects()
    try:
        if settings.webhook.enabled:
            await _serve_webhook(settings, dp, bot, health, inbound.routes if inbound else None)
        else:
            await _serve_polling(settings, dp, bot, health)
    finally:
        await alerts.close()
        if inbound is not None:
            await inbound.close()
        if mirror is not None:
            await mirror.close()
        await storage.close()
        await bot.session.close()
        await engine.dispose()
        log.info("bot.stopped")


async def _until_telegram_answers(bot: Bot) -> None:
    """Telegram (or the local Bot API server) may be briefly unreachable at start: wait for it
    instead of crashing, so a restart loop never hammers it."""
    async for attempt in AsyncRetrying(
        retry=retry_if_exception_type(TelegramNetworkError),
        wait=wait_exponential_jitter(initial=1, max=60),
        before_sleep=lambda state: log.warning(
            "telegram.unreachable",
            attempt=state.attempt_number,
            error=str(state.outcome.exception()),
        ),
    ):
        with attempt:
            await bot.me()


async def _serve_polling(settings: Settings, dp: Dispatcher, bot: Bot, health) -> None:  # type: ignore[no-untyped-def]
    await _until_telegram_answers(bot)
    await bot.delete_webhook(drop_pending_updates=False)
    me = await bot.me()
    log.info("bot.polling", username=me.username)
    # /healthz is served in polling mode too, so a container orchestrator can probe it.
    runner = await _start_site(build_web_app(health), settings)
    try:
        await dp.start_polling(bot, allowed_updates=dp.resolve_used_update_types())
    finally:
        await runner.cleanup()


async def _serve_webhook(settings: Settings, dp: Dispatcher, bot: Bot, health, routes=None) -> None:  # type: ignore[no-untyped-def]
    secret = webhook_secret(settings)
    url = f"{settings.webhook.url}{settings.webhook.path}"
    app = build_web_app(
        health,
        dispatcher=dp,
        bot=bot,
        webhook_path=settings.webhook.path,
        secret=secret,
        extra_routes=routes,
    )
    runner = await _start_site(app, settings)
    await _until_telegram_answers(bot)
    await dp.emit_startup(bot=bot, dispatcher=dp)
    await bot.set_webhook(url, secret_token=secret, allowed_updates=dp.resolve_used_update_types())
    log.info("bot.webhook", url=settings.webhook.url, port=settings.webhook.port)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        log.info("bot.stopping")
        # Telegram keeps the webhook; another instance or the next start takes over.
        await runner.cleanup()  # finishes in-flight requests first
        await dp.emit_shutdown(bot=bot, dispatcher=dp)


async def _start_site(app: web.Application, settings: Settings) -> web.AppRunner:
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, settings.webhook.host, settings.webhook.port).start()
    return runner
