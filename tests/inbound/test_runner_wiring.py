"""`stobot run` in polling mode serves the events endpoint on BITRIX24_EVENTS_PORT."""

from __future__ import annotations

import socket

import aiohttp
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import build_bot
from bot.crm.events import EVENTS_PATH, start_inbound
from bot.i18n import Translator
from bot.testing.fake_telegram import FakeTelegramSession
from services.crm.bitrix24.config import Bitrix24Settings
from services.storage.models import InboxEvent
from tests.conftest import make_settings


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_own_port_checks_the_token_and_stores(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    port = _free_port()
    b24 = Bitrix24Settings(
        _env_file=None,  # type: ignore[call-arg]
        webhook_url="https://svc.bitrix24.ru/rest/1/abc123secret/",
        app_token="tok",
        events_port=port,
    )
    settings = make_settings(bitrix24=b24)
    settings.webhook.host = "127.0.0.1"
    bot = build_bot(settings, session=FakeTelegramSession())
    inbound = await start_inbound(settings, session_factory, Translator("ru"), bot)
    assert inbound is not None
    url = f"http://127.0.0.1:{port}{EVENTS_PATH}"
    body = "event=ONCRMDEALUPDATE&data%5BFIELDS%5D%5BID%5D=5&ts=1&auth%5Bdomain%5D=svc.bitrix24.ru"
    try:
        async with aiohttp.ClientSession() as http:
            headers = {"Content-Type": "application/x-www-form-urlencoded"}
            async with http.post(
                url, data=body + "&auth%5Bapplication_token%5D=no", headers=headers
            ) as r:
                assert r.status == 401
            async with http.post(
                url, data=body + "&auth%5Bapplication_token%5D=tok", headers=headers
            ) as r:
                assert r.status == 200
    finally:
        await inbound.close()
    async with session_factory() as session:
        assert await session.scalar(select(func.count(InboxEvent.id))) == 1
