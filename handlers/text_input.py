"""Control characters never enter the bot: Telegram's own clients strip them, but a text that
carries one (NUL above all: PostgreSQL refuses it in any text column) must not fail the update.
Tabs and line breaks stay; everything else below U+0020, and DEL, goes."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import Message, TelegramObject

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def without_control(text: str) -> str:
    return _CONTROL.sub("", text)


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
                if (value := getattr(event, name)) and _CONTROL.search(value)
            }
            if changes:
                event = event.model_copy(update=changes)
        return await handler(event, data)
