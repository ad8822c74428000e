"""The Bitrix24 relay beside the bot: started with it when a portal is configured.

It runs as its own task, reading the outbox; a shop user's action only writes a row and never
waits for the portal.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass
from datetime import timedelta
from io import BytesIO

import structlog
from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.i18n import Translator
from bot.settings import Settings
from services.crm.bitrix24 import Bitrix24Client
from services.crm.mirror.context import ShopFormat
from services.crm.mirror.relay import Relay, RelayConfig

log = structlog.get_logger(__name__)


class TelegramMedia:
    """Downloads an order's photo or video for the deal; None when Telegram will not give it
    to a bot (over 20 MB without a local Bot API server)."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def fetch(self, file_id: str) -> bytes | None:
        try:
            buffer = await self.bot.download(file_id, destination=BytesIO())
        except TelegramAPIError as exc:
            log.info("mirror_media_not_downloaded", reason=type(exc).__name__)
            return None
        return buffer.getvalue() if buffer is not None else None


@dataclass
class MirrorTask:
    relay: Relay
    stop: asyncio.Event
    task: asyncio.Task[None]

    async def close(self, grace: float = 5.0) -> None:
        """Let the current cycle finish for a moment, then cut it short: its messages stay
        leased and are taken again when the lease ends (the syncs look up before creating)."""
        self.stop.set()
        try:
            await asyncio.wait_for(asyncio.shield(self.task), grace)
        except TimeoutError:
            self.task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self.task
        await self.relay.close()
        await self.relay.client.close()


def start_mirror(
    settings: Settings,
    factory: async_sessionmaker[AsyncSession],
    translator: Translator,
    bot: Bot,
) -> MirrorTask | None:
    """Start the relay when BITRIX24_WEBHOOK_URL is set; None (nothing to do) otherwise."""
    if not settings.bitrix24.enabled:
        return None
    client = Bitrix24Client.from_settings(settings.bitrix24)
    texts = translator.get(settings.shop.default_locale).raw
    config = RelayConfig(lease=timedelta(seconds=settings.bitrix24.lease_seconds))
    shop = ShopFormat(settings.shop.default_locale, settings.shop.tz)
    relay = Relay(factory, client, texts, media=TelegramMedia(bot), shop=shop, config=config)
    stop = asyncio.Event()
    task = asyncio.create_task(relay.run_forever(stop), name="bitrix24-relay")
    log.info("mirror_started", portal=client.portal)
    return MirrorTask(relay, stop, task)
