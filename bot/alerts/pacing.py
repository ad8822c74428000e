"""Telegram's limits as a schedule: ~30 messages/s in total, 1 message/s to one chat."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from services.clock import Clock

Sleep = Callable[[float], Awaitable[None]]


class Pacer:
    def __init__(self, clock: Clock, sleep: Sleep, rate: float, chat_interval: float) -> None:
        self.clock = clock
        self.sleep = sleep
        self.gap = timedelta(seconds=1 / rate)
        self.chat_gap = timedelta(seconds=chat_interval)
        self.next_any: datetime | None = None
        self.next_chat: dict[int, datetime] = {}

    def ready_at(self, chat_id: int) -> datetime:
        moments = [m for m in (self.next_any, self.next_chat.get(chat_id)) if m is not None]
        return max(moments) if moments else self.clock()

    async def wait(self, chat_id: int) -> None:
        delay = (self.ready_at(chat_id) - self.clock()).total_seconds()
        if delay > 0:
            await self.sleep(delay)

    def sent(self, chat_id: int) -> None:
        now = self.clock()
        self.next_any = now + self.gap
        self.next_chat[chat_id] = now + self.chat_gap

    def pause(self, chat_id: int, seconds: float) -> None:
        """RetryAfter: Telegram says when it will take messages again; nothing goes before."""
        until = self.clock() + timedelta(seconds=seconds)
        self.next_any = max(self.next_any or until, until)
        self.next_chat[chat_id] = max(self.next_chat.get(chat_id, until), until)
