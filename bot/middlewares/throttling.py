"""A per-user token bucket: floods are dropped before they cost a database round-trip."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, User

from bot.i18n import Translator


class _Bucket:
    __slots__ = ("tokens", "updated", "warned")

    def __init__(self, burst: float, now: float) -> None:
        self.tokens = burst
        self.updated = now
        self.warned = False


class ThrottlingMiddleware(BaseMiddleware):
    def __init__(
        self,
        translator: Translator,
        rate: float,
        burst: int,
        clock: Callable[[], float] = time.monotonic,
        max_users: int = 10_000,
    ) -> None:
        self.translator = translator
        self.rate = rate
        self.burst = float(burst)
        self.clock = clock
        self.max_users = max_users
        self._buckets: dict[int, _Bucket] = {}

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        user: User | None = data.get("event_from_user")
        if user is None:
            return await handler(event, data)
        if self._take(user.id):
            return await handler(event, data)
        bucket = self._buckets[user.id]
        if not bucket.warned:
            # Say it once per flood, not once per dropped update.
            bucket.warned = True
            chat = data.get("event_chat")
            if chat is not None:
                l10n = self.translator.get(user.language_code)
                await data["bot"].send_message(chat.id, l10n("access-throttled"))
        return None

    def _take(self, user_id: int) -> bool:
        now = self.clock()
        bucket = self._buckets.get(user_id)
        if bucket is None:
            if len(self._buckets) >= self.max_users:
                self._buckets.clear()  # bounded memory; a reset only forgives
            bucket = self._buckets[user_id] = _Bucket(self.burst, now)
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.updated) * self.rate)
        bucket.updated = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            bucket.warned = False
            return True
        return False
