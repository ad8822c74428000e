"""The two doors from outside: Telegram's webhook and the Bitrix24 outgoing webhook.

Without the right secret (Telegram's X-Telegram-Bot-Api-Secret-Token) or application token
and portal (Bitrix24) a delivery gets 401 and nothing of it reaches the dispatcher or the
inbox. tests/telegram/test_webhook.py and tests/inbound/test_inbox.py hold the happy paths.
"""

from __future__ import annotations

import json

import pytest
from aiogram.fsm.storage.memory import MemoryStorage
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import func, select

from bot.app import build_bot, build_dispatcher, webhook_secret
from bot.crm.events import EVENTS_PATH, add_events_route
from bot.testing.fake_telegram import FakeTelegramSession
from bot.web import build_web_app
from services.crm.inbound.inbox import Verifier
from services.storage.models import InboxEvent
from tests.conftest import make_settings
from tests.security.conftest import db_state
from tests.telegram.test_webhook import UPDATE

HEADER = "X-Telegram-Bot-Api-Secret-Token"
TOKEN = "outgoing-webhook-token-42"
PORTAL = "https://shop.bitrix24.ru/rest/1/abcdef/"


async def _ok() -> dict[str, str]:
    return {"database": "ok", "redis": "disabled"}


@pytest.fixture
async def telegram(session_factory, translator):  # type: ignore[no-untyped-def]
    settings = make_settings()
    fake = FakeTelegramSession()
    bot = build_bot(settings, session=fake)
    dp = build_dispatcher(settings, MemoryStorage(), session_factory, translator)
    secret = webhook_secret(settings)
    app = build_web_app(_ok, dispatcher=dp, bot=bot, webhook_path="/tg", secret=secret)
    client = TestClient(TestServer(app))
    await client.start_server()
    yield client, fake, secret
    await client.close()


async def test_telegram_webhook_wants_the_exact_secret(telegram, session_factory) -> None:
    client, fake, secret = telegram
    before = await db_state(session_factory)
    wrong = [
        None,
        "",
        "nope",
        secret[:-1],
        secret + "x",
        secret.upper() if secret.upper() != secret else secret.lower() + "Z",
        secret + "\t" + secret,
        "x" * 4096,
        make_settings().bot.token.get_secret_value(),
    ]
    for value in wrong:
        headers = {} if value is None else {HEADER: value}
        response = await client.post("/tg", data=json.dumps(UPDATE), headers=headers)
        assert response.status == 401, value
    # Garbage bodies without the secret are refused before they are even read.
    response = await client.post("/tg", data=b"\xff" * 1000)
    assert response.status == 401
    assert fake.calls == []
    assert await db_state(session_factory) == before
    good = await client.post("/tg", data=json.dumps(UPDATE), headers={HEADER: secret})
    assert good.status == 200


@pytest.fixture
async def events(session_factory):  # type: ignore[no-untyped-def]
    app = web.Application()
    add_events_route(app, session_factory, Verifier(TOKEN, PORTAL))
    client = TestClient(TestServer(app))
    await client.start_server()
    yield client
    await client.close()


def _form(token: str | None, domain: str | None = "shop.bitrix24.ru") -> dict[str, str]:
    form = {"event": "ONCRMDEALUPDATE", "data[FIELDS][ID]": "812", "ts": "1766047124"}
    if token is not None:
        form["auth[application_token]"] = token
    if domain is not None:
        form["auth[domain]"] = domain
    return form


async def _inbox_size(factory) -> int:  # type: ignore[no-untyped-def]
    async with factory() as session:
        return int(await session.scalar(select(func.count(InboxEvent.id))) or 0)


async def test_bitrix24_events_want_our_token_and_portal(events, session_factory) -> None:
    before = await db_state(session_factory)
    forged = [
        _form(None),
        _form(""),
        _form("wrong-token"),
        _form(TOKEN[:-1]),
        _form(TOKEN + " "),
        _form(TOKEN, domain="evil.bitrix24.ru"),
        _form(TOKEN, domain="shop.bitrix24.ru.evil.com"),
        _form(TOKEN, domain=None),
        {"auth": TOKEN, "event": "ONCRMDEALUPDATE"},
        {"auth[application_token][]": TOKEN, "auth[domain]": "shop.bitrix24.ru"},
    ]
    for form in forged:
        response = await events.post(EVENTS_PATH, data=form)
        assert response.status == 401, form
    response = await events.post(EVENTS_PATH, data=json.dumps(_form(TOKEN)))
    assert response.status == 401  # JSON is not how the portal posts
    assert await _inbox_size(session_factory) == 0
    assert await db_state(session_factory) == before
    accepted = await events.post(EVENTS_PATH, data=_form(TOKEN))
    assert accepted.status == 200
    assert await _inbox_size(session_factory) == 1
