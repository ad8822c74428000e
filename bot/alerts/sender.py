"""Sends the notification queue within Telegram's limits.

Each message is leased, sent, and marked in its own short transaction, so a crash re-sends at
most the message in flight. A lease that has run down is renewed just before the send, so a
sender slower than its lease skips what another sender has taken over instead of sending it
twice (a fresh one is left alone: nobody takes a row before its lease ends). RetryAfter
pauses as Telegram asks and retries the same message; network and server errors back off and
retry; a person who blocked the bot is marked unreachable and the directors are told once.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import Sequence
from datetime import timedelta

import structlog
from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import InlineKeyboardMarkup
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.alerts.pacing import Pacer, Sleep
from bot.alerts.unreachable import mark_unreachable
from bot.i18n import Translator
from services.alerts import queue
from services.clock import Clock, system_clock
from services.storage import unit_of_work
from services.storage.models import Notification, UnreachableEmployee

log = structlog.get_logger(__name__)

MAX_ATTEMPTS = 8
BATCH = 200
# A lease with this share of its length still ahead is not renewed before a send: the send
# has at least that long before anyone else may take the row.
FRESH_LEASE_SHARE = 0.9


class Sender:
    def __init__(
        self,
        bot: Bot,
        factory: async_sessionmaker[AsyncSession],
        translator: Translator,
        *,
        clock: Clock = system_clock,
        sleep: Sleep = asyncio.sleep,
        rate: float = 25.0,
        chat_interval: float = 1.0,
        inline: bool = False,
        lease: timedelta = queue.LEASE,
    ) -> None:
        self.bot = bot
        self.factory = factory
        self.translator = translator
        self.clock = clock
        self.pacer = Pacer(clock, sleep, rate, chat_interval)
        # Inline (tests, the demo): what a handler queues is sent before the handler returns.
        self.inline = inline
        self.lease = lease
        self._wake = asyncio.Event()

    async def queued(self, ids: Sequence[int]) -> None:
        """Rows `ids` were committed: send them now (inline) or wake the background loop."""
        if self.inline:
            await self.drain(ids)
        else:
            self.kick()

    def kick(self) -> None:
        """Something was queued: look now instead of at the next tick."""
        self._wake.set()

    async def drain(self, ids: Sequence[int] | None = None) -> int:
        """Send every due message (only `ids`, if given); returns how many went out."""
        sent = 0
        while True:
            async with self.factory() as session:
                rows = await queue.claim_due(session, self.clock(), BATCH, ids, lease=self.lease)
                marked = await _unreachable_among(session, rows)
                await unit_of_work.commit(session)
            if not rows:
                return sent
            sent += await self._send_all(rows, marked)

    async def run_forever(self, stop: asyncio.Event, idle: float = 30.0) -> None:
        while not stop.is_set():
            try:
                await self.drain()
                async with self.factory() as session:
                    due = await queue.next_due_at(session)
            except Exception:  # the loop must outlive one bad cycle
                log.exception("notify.cycle_failed")
                due = None
            wait = idle
            if due is not None:
                wait = min(idle, max((due - self.clock()).total_seconds(), 0.05))
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(_first(self._wake, stop), wait)

    async def _send_all(self, rows: list[Notification], marked: set[int]) -> int:
        """Per chat in order; across chats, whichever chat may receive soonest goes next.
        `marked`: who of the batch's people are marked unreachable (read once per batch);
        a message that reaches one of them clears the mark."""
        chats: dict[int, deque[Notification]] = {}
        for row in rows:
            chats.setdefault(row.chat_id, deque()).append(row)
        sent = 0
        while chats:
            chat_id = min(chats, key=lambda c: (self.pacer.ready_at(c), chats[c][0].id))
            row = chats[chat_id][0]
            await self.pacer.wait(chat_id)
            done = await self._send_one(row, marked)
            if done is None:
                continue  # RetryAfter: the same message again once the pause is over
            chats[chat_id].popleft()
            if not chats[chat_id]:
                del chats[chat_id]
            sent += int(done)
        return sent

    async def _send_one(self, row: Notification, marked: set[int]) -> bool | None:
        if not await self._still_ours(row):
            log.info("notify.taken_over", notification_id=row.id)
            return False
        markup = InlineKeyboardMarkup.model_validate(row.markup) if row.markup else None
        try:
            await self.bot.send_message(row.chat_id, row.text, reply_markup=markup)
        except TelegramRetryAfter as error:
            log.warning("notify.retry_after", seconds=error.retry_after)
            self.pacer.pause(row.chat_id, error.retry_after)
            return None
        except TelegramForbiddenError as error:
            await self._record(row, queue.UNREACHABLE, str(error))
            if row.employee_id is not None:
                marked.add(row.employee_id)
                await self._unreachable(row.employee_id)
            return False
        except (TelegramNetworkError, TelegramServerError) as error:
            self.pacer.sent(row.chat_id)
            await self._retry(row, str(error))
            return False
        except TelegramAPIError as error:
            log.warning("notify.failed", notification_id=row.id, error=str(error))
            await self._record(row, queue.FAILED, str(error))
            return False
        self.pacer.sent(row.chat_id)
        employee_id = row.employee_id
        reachable_again = employee_id is not None and employee_id in marked
        if employee_id is not None:
            marked.discard(employee_id)
        await self._record(row, queue.SENT, None, reachable_again=reachable_again)
        return True

    async def _still_ours(self, row: Notification) -> bool:
        """Renew the lease just before sending. Inline (tests, the demo) sends only what this
        handler queued a moment ago, so there is nobody to race and no round-trip is spent."""
        if self.inline or row.lease_until is None:
            return True
        if row.lease_until - self.clock() >= self.lease * FRESH_LEASE_SHARE:
            return True
        async with self.factory() as session:
            until = await queue.renew(session, row.id, row.lease_until, self.clock(), self.lease)
            await unit_of_work.commit(session)
        if until is None:
            return False
        row.lease_until = until
        return True

    async def _record(
        self, row: Notification, status: str, error: str | None, *, reachable_again: bool = False
    ) -> None:
        error = error and error[:300]
        async with self.factory() as session:
            if not reachable_again:
                # One statement, so no transaction around it: BEGIN and COMMIT were two round
                # trips of three, for every message sent.
                conn = await session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
                await queue.finish(conn, row.id, status, self.clock(), error)
                return
            await queue.finish(session, row.id, status, self.clock(), error)
            # They can be reached again (unblocked the bot): a later block is news again.
            await session.execute(
                delete(UnreachableEmployee).where(
                    UnreachableEmployee.employee_id == row.employee_id
                )
            )
            await unit_of_work.commit(session)

    async def _retry(self, row: Notification, error: str) -> None:
        if row.attempts + 1 >= MAX_ATTEMPTS:
            await self._record(row, queue.FAILED, error)
            return
        delay = timedelta(seconds=min(2 ** (row.attempts + 1), 300))
        async with self.factory() as session:
            await queue.retry_later(session, row.id, self.clock() + delay, error[:300])
            await unit_of_work.commit(session)
        log.info("notify.retry", notification_id=row.id, attempts=row.attempts + 1)

    async def _unreachable(self, employee_id: int) -> None:
        async with self.factory() as session:
            told = await mark_unreachable(session, employee_id, self.translator, self.clock())
            await unit_of_work.commit(session)
        if told:
            self.kick()


async def _unreachable_among(session: AsyncSession, rows: list[Notification]) -> set[int]:
    people = {row.employee_id for row in rows if row.employee_id is not None}
    if not people:
        return set()
    marked = await session.scalars(
        select(UnreachableEmployee.employee_id).where(UnreachableEmployee.employee_id.in_(people))
    )
    return set(marked)


async def _first(*events: asyncio.Event) -> None:
    waiters = [asyncio.ensure_future(e.wait()) for e in events]
    try:
        await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()
