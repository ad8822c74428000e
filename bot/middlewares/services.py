"""Per-update use-case objects, so handlers stay thin: parse, call one service, render."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject

from bot.alerts.notify import Notifier
from bot.alerts.sender import Sender
from bot.i18n import Translator
from bot.settings import Settings
from services.clock import Clock
from services.orders import OrderQueries, OrderWork
from services.orders.deadlines import Deadlines


class ServicesMiddleware(BaseMiddleware):
    def __init__(self, settings: Settings, translator: Translator, clock: Clock) -> None:
        self.settings = settings
        self.translator = translator
        self.clock = clock
        # Task deadlines end with the shop's working day (see services/orders/deadlines.py).
        self.deadlines = Deadlines(settings.alerts.work_hours(settings.shop.tz))

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        session = data["session"]
        notifier = Notifier(
            self._sender(data), session, self.translator, self.settings.shop.tz, self.clock
        )
        data["notifier"] = notifier
        # The unit of work of the order use cases (`services.orders.use_cases`), which queue
        # their notices in their own transaction (see `Notifier.stage`).
        data["order_work"] = OrderWork(session, self.clock, self.deadlines, notice_queue=notifier)
        data["queries"] = OrderQueries(session)
        return await handler(event, data)

    def _sender(self, data: dict[str, Any]) -> Sender:
        """`stobot run` puts its paced background sender in the dispatcher's data; without one
        (tests, the demo) notices are sent inline, before the handler returns."""
        sender = data.get("notification_sender")
        if isinstance(sender, Sender):
            return sender
        return Sender(
            data["bot"],
            data["session_factory"],
            self.translator,
            clock=self.clock,
            inline=True,
            chat_interval=0,
        )
