"""Per-update use-case objects, so handlers stay thin: parse, call one service, render."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject

from bot.i18n import Translator
from bot.notify import Notifier
from bot.settings import Settings
from services.clock import Clock
from services.orders import OrderQueries, OrderService


class ServicesMiddleware(BaseMiddleware):
    def __init__(self, settings: Settings, translator: Translator, clock: Clock) -> None:
        self.settings = settings
        self.translator = translator
        self.clock = clock

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        session = data["session"]
        data["orders"] = OrderService(session, self.clock)
        data["queries"] = OrderQueries(session)
        data["notifier"] = Notifier(data["bot"], session, self.translator, self.settings.shop.tz)
        return await handler(event, data)
