"""The aiohttp application: Telegram's webhook (secret header checked) and /healthz."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiogram import Bot, Dispatcher
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web
from redis.asyncio import Redis
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

HealthCheck = Callable[[], Awaitable[dict[str, str]]]


def health_check(engine: AsyncEngine, redis: Redis | None) -> HealthCheck:
    async def check() -> dict[str, str]:
        report = {"database": "ok", "redis": "disabled" if redis is None else "ok"}
        try:
            async with engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
        except Exception:
            report["database"] = "unreachable"
        if redis is not None:
            try:
                await redis.ping()
            except Exception:
                report["redis"] = "unreachable"
        return report

    return check


def build_web_app(
    health: HealthCheck,
    *,
    dispatcher: Dispatcher | None = None,
    bot: Bot | None = None,
    webhook_path: str | None = None,
    secret: str | None = None,
    extra_routes: Callable[[web.Application], None] | None = None,
) -> web.Application:
    app = web.Application()
    if extra_routes is not None:
        extra_routes(app)  # e.g. the portal's outgoing webhook (bot/crm/events.py)

    async def healthz(_request: web.Request) -> web.Response:
        report = await health()
        healthy = all(value in ("ok", "disabled") for value in report.values())
        return web.json_response(
            {"status": "ok" if healthy else "degraded", **report}, status=200 if healthy else 503
        )

    app.router.add_get("/healthz", healthz)
    if dispatcher is not None and bot is not None and webhook_path:
        # SimpleRequestHandler answers 401 to a missing or wrong X-Telegram-Bot-Api-Secret-Token
        # before the update reaches the dispatcher.
        # Answered after the update is processed, not before: if this process dies
        # mid-update Telegram gets no answer and resends it (to any instance), and the
        # update-id claims make sure a resend is processed once (bot/middlewares/dedupe.py).
        SimpleRequestHandler(
            dispatcher, bot, secret_token=secret, handle_in_background=False
        ).register(app, path=webhook_path)
    return app
