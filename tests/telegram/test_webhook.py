"""Webhook mode: the secret header is checked before anything reaches the dispatcher."""

from __future__ import annotations

import json

from aiohttp.test_utils import TestClient, TestServer

from bot.app import build_bot, build_dispatcher, webhook_secret
from bot.testing.fake_telegram import FakeTelegramSession
from bot.web import build_web_app
from tests.conftest import make_settings

UPDATE = {
    "update_id": 77,
    "message": {
        "message_id": 1,
        "date": 1763900000,
        "chat": {"id": 5, "type": "private"},
        "from": {"id": 5, "is_bot": False, "first_name": "X"},
        "text": "/start",
    },
}


async def _client(
    session_factory, translator, health
) -> tuple[TestClient, FakeTelegramSession, str]:
    from aiogram.fsm.storage.memory import MemoryStorage

    settings = make_settings()
    fake = FakeTelegramSession()
    bot = build_bot(settings, session=fake)
    dp = build_dispatcher(settings, MemoryStorage(), session_factory, translator)
    secret = webhook_secret(settings)
    app = build_web_app(health, dispatcher=dp, bot=bot, webhook_path="/tg", secret=secret)
    client = TestClient(TestServer(app))
    await client.start_server()
    return client, fake, secret


async def _ok() -> dict[str, str]:
    return {"database": "ok", "redis": "disabled"}


async def test_wrong_or_missing_secret_is_401_and_never_dispatched(session_factory, translator):
    client, fake, secret = await _client(session_factory, translator, _ok)
    try:
        missing = await client.post("/tg", data=json.dumps(UPDATE))
        wrong = await client.post(
            "/tg", data=json.dumps(UPDATE), headers={"X-Telegram-Bot-Api-Secret-Token": "nope"}
        )
        assert (missing.status, wrong.status) == (401, 401)
        assert fake.calls == []
        good = await client.post(
            "/tg", data=json.dumps(UPDATE), headers={"X-Telegram-Bot-Api-Secret-Token": secret}
        )
        assert good.status == 200
    finally:
        await client.close()


async def test_healthz_reports_database_and_redis(session_factory, translator, db_engine):
    from redis.asyncio import Redis

    from bot.web import health_check
    from tests.conftest import REDIS_URL

    redis = Redis.from_url(REDIS_URL)
    client, _, _ = await _client(session_factory, translator, health_check(db_engine, redis))
    try:
        response = await client.get("/healthz")
        assert response.status == 200
        assert await response.json() == {"status": "ok", "database": "ok", "redis": "ok"}
    finally:
        await client.close()
        await redis.aclose()

    dead_redis = Redis.from_url("redis://127.0.0.1:1/0")
    client, _, _ = await _client(session_factory, translator, health_check(db_engine, dead_redis))
    try:
        response = await client.get("/healthz")
        assert response.status == 503
        assert (await response.json())["redis"] == "unreachable"
    finally:
        await client.close()
        await dead_redis.aclose()


def test_webhook_secret_is_stable_and_telegram_shaped():
    import re

    settings = make_settings()
    assert webhook_secret(settings) == webhook_secret(make_settings())
    assert re.fullmatch(r"[A-Za-z0-9_-]{1,256}", webhook_secret(settings))
    assert settings.bot.token.get_secret_value() not in webhook_secret(settings)
