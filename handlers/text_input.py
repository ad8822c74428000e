"""Control characters never enter the bot: Telegram's own clients strip them, but a text that
carries one (NUL above all: PostgreSQL refuses it in any text column) must not fail the update.
Tabs and line breaks stay; everything else below U+0020, and DEL, goes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import Message, TelegramObject

from services.normalize.text import has_control, without_control


class CleanTextMiddleware(BaseMiddleware):
    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        if isinstance(event, Message):
            changes = {
                name: without_control(value)
                for name in ("text", "caption")
                if (value := getattr(event, name)) and has_control(value)
            }
            if changes:
                event = event.model_copy(update=changes)
        return await handler(event, data)
