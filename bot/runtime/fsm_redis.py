"""aiogram's Redis FSM storage and per-user lock, with fewer round trips per update.

aiogram takes the user's lock (SET NX), then reads the state (GET); handlers read the dialog
data (GET) and often the state again. Here the lock is taken by a script that, once it holds
the lock, returns the state and the data in the same round trip; reads later in the update
are served from those values (and from what the update itself wrote since), not from Redis.
Only this user's keys, only while this update holds this user's lock — the time nobody else
writes them — so what is served is what Redis holds. The update id's claim
(bot/middlewares/dedupe.py) is made in the round trip that takes the lock, and what the update
leaves to its end (the claim's "done" mark) goes in the round trip that releases it. The
user's state and data are written once per step, not at each change: whatever the update has
written so far in one round trip just before its next Telegram call (a screen is never shown
before its step is saved), and what it writes after its last call with the release.
Everything else is aiogram's: key names, TTLs, JSON, the 60-second lock a dead process's
update leaves to expire.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncGenerator, Hashable, Mapping
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import timedelta
from typing import Any

import structlog
from aiogram import Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.fsm.state import State
from aiogram.fsm.storage.base import StateType, StorageKey
from aiogram.fsm.storage.redis import DEFAULT_REDIS_LOCK_KWARGS, RedisEventIsolation, RedisStorage
from aiogram.methods import Response, TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram_dialog import DEFAULT_STACK_ID
from redis.asyncio import Redis
from redis.exceptions import ResponseError

from services.storage import prefetch

log = structlog.get_logger(__name__)

# Take the lock; once held, hand back the user's state, data and aiogram-dialog stack (nil when
# absent), and, when the update's claim rides along (KEYS[5], ARGV[3] for ARGV[4] seconds, NX),
# whether it was claimed and the values of KEYS[6..]; last, the key and value of the context of
# the stack's top dialog (nil when the stack is empty).
# A stack that is no JSON object (a bad write, a hand edit) is handed back as absent: the
# script must not fail once the lock is taken (Redis keeps a failed script's writes, so the
# lock would stay for its 60 s), and aiogram-dialog then starts a new stack, which replaces it.
_ACQUIRE = """
local function top_context(stack_json)
  local stack = cjson.decode(stack_json)
  if type(stack) ~= 'table' or stack[1] ~= nil then error('not a JSON object') end
  local intents = stack['intents']
  if type(intents) ~= 'table' or #intents == 0 then return false end
  local context, found = string.gsub(KEYS[4], ':aiogd:stack:[^:]*:data$',
    ':aiogd:context:' .. intents[#intents] .. ':data')
  return found == 1 and context
end
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  local got = {1, redis.call('GET', KEYS[2]), redis.call('GET', KEYS[3]),
    redis.call('GET', KEYS[4])}
  if #KEYS > 4 then
    got[5] = redis.call('SET', KEYS[5], ARGV[3], 'NX', 'EX', ARGV[4]) and 1 or 0
    for i = 6, #KEYS do got[i] = redis.call('GET', KEYS[i]) end
  end
  got[#KEYS + 1] = false
  got[#KEYS + 2] = false
  if got[4] then
    local readable, context = pcall(top_context, got[4])
    if not readable then
      got[4] = false
    elseif context then
      got[#KEYS + 1] = context
      got[#KEYS + 2] = redis.call('GET', context)
    end
  end
  return got
end
return {0}
"""
# aiogram-dialog keeps a person's dialogs as a stack (in the data of a key of this destiny) and
# reads it at every update: read ahead with the state and the data.
DIALOG_STACK_DESTINY = f"aiogd:stack:{DEFAULT_STACK_ID}"
# First the writes the update left to its end (KEYS[2..] with ARGV value, seconds pairs;
# seconds -1: delete the key, 0: no expiry), then redis-py's release: delete the lock only if it
# is still ours. (A script, not a pipeline: redis-py runs SCRIPT EXISTS before every pipeline
# holding a script, a round trip more.)
_RELEASE = """
for i = 2, #KEYS do
  local ttl = tonumber(ARGV[2 * i - 1])
  if ttl < 0 then
    redis.call('DEL', KEYS[i])
  elseif ttl == 0 then
    redis.call('SET', KEYS[i], ARGV[2 * i - 2])
  else
    redis.call('SET', KEYS[i], ARGV[2 * i - 2], 'EX', ttl)
  end
end
local token = redis.call('GET', KEYS[1])
if not token or token ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
return 1
"""
LOCK_POLL_S = 0.1  # as redis-py's Lock while another update of the same user runs


class PrefetchingRedisStorage(RedisStorage):
    """The locked user's state and data are written once per step, not at each change: with
    the update's next Telegram call (so what a person is shown is saved first) or with the
    lock's release (`WritesBeforeTelegram`, `PrefetchingIsolation`)."""

    async def get_state(self, key: StorageKey) -> str | None:
        found, value = prefetch.take(self.key_builder.build(key, "state"))
        if not found:
            return await super().get_state(key)
        return value.decode("utf-8") if isinstance(value, bytes) else value

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        redis_key = self.key_builder.build(key, "state")
        value = state.state if isinstance(state, State) else state
        held, before = prefetch.take(redis_key)  # read ahead: this update holds the lock
        if value is None and held and before is None:
            return  # nothing to delete (a menu tap outside any dialog clears the state)
        if not (held and prefetch.defer_write(self.redis, redis_key, value, self.state_ttl_s)):
            await super().set_state(key, state)
        prefetch.written(redis_key, value)

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        found, value = prefetch.take(self.key_builder.build(key, "data"))
        if not found:
            return await super().get_data(key)
        if value is None:
            return {}
        if isinstance(value, bytes):
            value = value.decode("utf-8")
        loaded: dict[str, Any] = self.json_loads(value)
        return loaded

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        redis_key = self.key_builder.build(key, "data")
        held, before = prefetch.take(redis_key)
        if not data and held and before is None:
            return  # no data to delete
        if not isinstance(data, dict):
            await super().set_data(key, data)  # aiogram's refusal
        # Kept as Redis holds it (JSON), so every reader gets a fresh dict of its own.
        kept = self.json_dumps(data) if data else None
        if not (held and prefetch.defer_write(self.redis, redis_key, kept, self.data_ttl_s)):
            await super().set_data(key, data)
        prefetch.written(redis_key, kept)

    @property
    def state_ttl_s(self) -> int | None:
        return _seconds(self.state_ttl)

    @property
    def data_ttl_s(self) -> int | None:
        return _seconds(self.data_ttl)

    def create_isolation(self, **kwargs: Any) -> RedisEventIsolation:
        return PrefetchingIsolation(redis=self.redis, key_builder=self.key_builder, **kwargs)


class PrefetchingIsolation(RedisEventIsolation):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._acquire = self.redis.register_script(_ACQUIRE)
        self._release = self.redis.register_script(_RELEASE)
        timeout = (self.lock_kwargs or DEFAULT_REDIS_LOCK_KWARGS).get("timeout", 60)
        self._timeout_ms = int(float(timeout) * 1000)

    @asynccontextmanager
    async def lock(self, key: StorageKey) -> AsyncGenerator[None, None]:
        lock_key = self.key_builder.build(key, "lock")
        state_key = self.key_builder.build(key, "state")
        data_key = self.key_builder.build(key, "data")
        stack_key = self.key_builder.build(replace(key, destiny=DIALOG_STACK_DESTINY), "data")
        token = uuid.uuid4().hex
        keys, args = [lock_key, state_key, data_key, stack_key], [token, self._timeout_ms]
        claim = prefetch.take_claim_ahead(self.redis)
        if claim is not None:
            keys += [claim.key, *claim.ride_along]
            args += [claim.value, claim.ttl_s]
        while True:
            got = await self._take(keys, args)
            if got[0]:
                break
            await asyncio.sleep(LOCK_POLL_S)
        read_ahead: dict[Hashable, Any] = {state_key: got[1], data_key: got[2], stack_key: got[3]}
        if claim is not None:
            read_ahead[prefetch.claimed_key(claim.key)] = bool(got[4])
            read_ahead.update(zip(claim.ride_along, got[5 : len(keys)], strict=True))
        context_key, context = got[len(keys)], got[len(keys) + 1]
        if context_key:
            # The open dialog's context, which aiogram-dialog reads next: one round trip less.
            read_ahead[context_key.decode()] = context
        prefetch.start(read_ahead)
        prefetch.open_deferred(self.redis)
        try:
            yield None
        finally:
            prefetch.start({})  # read-ahead values are only good while the lock is held
            if not await self._release_with(prefetch.close_deferred(), lock_key, token):
                # Held past its 60 s: it expired and may be someone else's now.
                log.warning("fsm.lock_expired", key=lock_key)

    async def _take(self, keys: list[str], args: list[Any]) -> list[Any]:
        """One try of `_ACQUIRE`. Should the script fail, the lock it may have taken is let go:
        Redis keeps a failed script's writes, and the person's next updates would wait out its
        60 s, to meet the same failure."""
        try:
            got: list[Any] = await self._acquire(keys=keys, args=args)
        except ResponseError:
            await self._release_with({}, keys[0], args[0])
            raise
        return got

    async def _release_with(self, writes: prefetch.Deferred, lock: str, token: str) -> int:
        """Release the lock, after the writes the update left to it, in one round trip."""
        keys, args = [lock], [token]
        for key, (value, ttl_s) in writes.items():
            keys.append(key)
            args += ["", "-1"] if value is None else [value, str(ttl_s or 0)]
        return int(await self._release(keys=keys, args=args))


class WritesBeforeTelegram(BaseRequestMiddleware):
    """Before the update's Telegram call, the FSM writes it has left waiting are made (one round
    trip for all of them): a screen is never shown with its step unsaved, should Redis fail."""

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        await write_deferred_now()
        return await make_request(bot, method)


async def write_deferred_now() -> None:
    taken = prefetch.take_deferred()
    if taken is None:
        return
    client, writes = taken
    assert isinstance(client, Redis)
    pipe = client.pipeline(transaction=False)
    for key, (value, ttl_s) in writes.items():
        if value is None:
            pipe.delete(key)
        else:
            pipe.set(key, value, ex=ttl_s)
    await pipe.execute()


def _seconds(ttl: int | timedelta | None) -> int | None:
    if ttl is None:
        return None
    return int(ttl.total_seconds()) if isinstance(ttl, timedelta) else int(ttl)
