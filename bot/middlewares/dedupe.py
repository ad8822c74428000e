"""Telegram's redelivery of an update is processed once (`update_id` is unique per bot).

Telegram resends a webhook update it got no answer for in time; with several bot processes
behind one address the resend may land on another process while the first is still working.
The first to claim an update id processes it. A claim is short ("working") until the update
is done, then kept for a day; an update whose processing raised is released, so a resend
is processed again (its transaction was rolled back). A resend that finds the claim still
"working" waits for it instead of being answered at once: when the claim turns "done" the
resend is dropped; when it disappears (the first process failed, or died and its claim
expired after `WORKING_TTL_S`) the resend claims the update and processes it. So a resend is
never answered 200 while the update is still undone.

With Redis the claims are shared by every process (SET NX); without it (one process, memory
FSM storage) they live in a bounded in-process table.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

import structlog
from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, Update
from redis.asyncio import Redis
from redis.exceptions import RedisError

from services.storage import prefetch

log = structlog.get_logger(__name__)

# Longer than any update takes, and as long as aiogram's per-user Redis lock (60 s): a resend
# of a dead process's update waits for that lock first, then for this claim.
WORKING_TTL_S = 60
WAIT_STEP_S = 0.2
DONE_TTL_S = 24 * 3600  # Telegram keeps an unanswered update for at most a day


class SeenUpdates(Protocol):
    async def claim(self, bot_id: int, update_id: int) -> bool: ...
    async def is_done(self, bot_id: int, update_id: int) -> bool | None:
        """True once processed, False while being processed, None when nobody holds it."""

    async def done(self, bot_id: int, update_id: int) -> None: ...
    async def release(self, bot_id: int, update_id: int) -> None: ...


class RedisSeenUpdates:
    def __init__(
        self, redis: Redis, prefix: str = "stobot", ride_along: tuple[str, ...] = ()
    ) -> None:
        self.redis = redis
        self.prefix = prefix
        # Keys every update reads anyway (the staff generation): fetched with the claim.
        self.ride_along = ride_along

    def _key(self, bot_id: int, update_id: int) -> str:
        return f"{self.prefix}:update:{bot_id}:{update_id}"

    def ahead(self, bot_id: int, update_id: int) -> prefetch.ClaimAhead:
        """The claim for the script that takes the user's lock to make
        (bot/runtime/fsm_redis.py)."""
        key = self._key(bot_id, update_id)
        return prefetch.ClaimAhead(self.redis, key, "working", WORKING_TTL_S, self.ride_along)

    async def claim(self, bot_id: int, update_id: int) -> bool:
        """The claim `ahead` describes: its result when the lock's script made it, else made
        here (no lock held, or a second try after waiting)."""
        claim = self.ahead(bot_id, update_id)
        found, claimed = prefetch.take_once(prefetch.claimed_key(claim.key))
        if found:
            return bool(claimed)
        if not claim.ride_along:
            return bool(await self.redis.set(claim.key, claim.value, nx=True, ex=claim.ttl_s))
        pipe = self.redis.pipeline(transaction=False)
        pipe.set(claim.key, claim.value, nx=True, ex=claim.ttl_s)
        for extra in claim.ride_along:
            pipe.get(extra)
        claimed, *values = await pipe.execute()
        prefetch.add(dict(zip(claim.ride_along, values, strict=True)))
        return bool(claimed)

    async def is_done(self, bot_id: int, update_id: int) -> bool | None:
        value = await self.redis.get(self._key(bot_id, update_id))
        return None if value is None else value in (b"done", "done")

    async def done(self, bot_id: int, update_id: int) -> None:
        key = self._key(bot_id, update_id)
        # Written with the release of the user's FSM lock when one is held (one round trip
        # fewer); before it is released, so a resend waiting for the lock finds it done.
        if not prefetch.defer_write(self.redis, key, "done", DONE_TTL_S):
            await self.redis.set(key, "done", ex=DONE_TTL_S)

    async def release(self, bot_id: int, update_id: int) -> None:
        await self.redis.delete(self._key(bot_id, update_id))


class MemorySeenUpdates:
    """One process's recent update ids; the oldest are forgotten past `size`."""

    def __init__(self, size: int = 50_000) -> None:
        self.size = size
        self._seen: OrderedDict[tuple[int, int], None] = OrderedDict()

    async def claim(self, bot_id: int, update_id: int) -> bool:
        key = (bot_id, update_id)
        if key in self._seen:
            return False
        self._seen[key] = None
        if len(self._seen) > self.size:
            self._seen.popitem(last=False)
        return True

    async def is_done(self, bot_id: int, update_id: int) -> bool | None:
        # One process: a claimed update was handled (or is in this process's hands).
        return True if (bot_id, update_id) in self._seen else None

    async def done(self, bot_id: int, update_id: int) -> None:
        return None

    async def release(self, bot_id: int, update_id: int) -> None:
        self._seen.pop((bot_id, update_id), None)


class ClaimAheadMiddleware(BaseMiddleware):
    """Before aiogram's FSM middleware: the update's claim is handed to the script that takes
    the user's lock (one round trip for both); `UpdateDedupeMiddleware`, after it, finds the
    result. An update without a user lock (no chat) is claimed there as before."""

    def __init__(self, seen: RedisSeenUpdates) -> None:
        self.seen = seen

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        if not isinstance(event, Update):
            return await handler(event, data)
        token = prefetch.claim_ahead(self.seen.ahead(data["bot"].id, event.update_id))
        try:
            return await handler(event, data)
        finally:
            prefetch.end_claim_ahead(token)


class UpdateDedupeMiddleware(BaseMiddleware):
    def __init__(self, seen: SeenUpdates, wait_s: float = WORKING_TTL_S + 5) -> None:
        self.seen = seen
        self.wait_s = wait_s

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        if not isinstance(event, Update):
            return await handler(event, data)
        bot_id = data["bot"].id
        try:
            first = await self._claim_or_wait(bot_id, event.update_id)
        except RedisError:
            # Better processed twice than refused: the FSM storage will report Redis itself.
            log.warning("update.dedupe_unavailable", update_id=event.update_id)
            return await handler(event, data)
        if not first:
            log.info("update.duplicate", update_id=event.update_id)
            return None
        try:
            result = await handler(event, data)
        except BaseException:
            await self._quietly(self.seen.release, bot_id, event.update_id)
            raise
        await self._quietly(self.seen.done, bot_id, event.update_id)
        return result

    async def _claim_or_wait(self, bot_id: int, update_id: int) -> bool:
        """True: ours to process. False: processed elsewhere (or still not done after the
        wait; then Telegram's next resend tries again)."""
        waited = 0.0
        while not await self.seen.claim(bot_id, update_id):
            done = await self.seen.is_done(bot_id, update_id)
            if done:
                return False
            if done is None:
                continue  # released or expired just now: claim it
            if waited >= self.wait_s:  # a claim lives WORKING_TTL_S: not reached in practice
                return False
            await asyncio.sleep(WAIT_STEP_S)
            waited += WAIT_STEP_S
        return True

    @staticmethod
    async def _quietly(step: Callable[[int, int], Awaitable[None]], bot_id: int, uid: int) -> None:
        try:
            await step(bot_id, uid)
        except RedisError:
            log.warning("update.dedupe_unavailable", update_id=uid)
