"""Redis values read ahead, in a round trip the update makes anyway, for readers further down
the same update to find without a round trip of their own.

One update runs in one asyncio task, so a context variable holds what was read for it. The
mapping is replaced, never changed in place: a task started from a handler gets a copy of
the context, and neither side may see the other's later writes.
"""

from __future__ import annotations

import asyncio
from collections.abc import Hashable
from contextvars import ContextVar, Token
from dataclasses import dataclass
from typing import Any

# Redis keys, and `claimed_key`s (not strings, so never one of Redis's keys).
_PREFETCHED: ContextVar[dict[Hashable, Any] | None] = ContextVar("stobot_prefetched", default=None)
_MISSING = object()


def start(values: dict[Hashable, Any]) -> None:
    """A new update: only what was read for it (nothing left over from an earlier one)."""
    _PREFETCHED.set(dict(values))


def add(values: dict[Hashable, Any]) -> None:
    _PREFETCHED.set({**(_PREFETCHED.get() or {}), **values})


def take(key: Hashable) -> tuple[bool, Any]:
    """(True, value) when `key` was read ahead for this update; (False, None) otherwise."""
    values = _PREFETCHED.get()
    if values is None:
        return False, None
    value = values.get(key, _MISSING)
    return (False, None) if value is _MISSING else (True, value)


def take_once(key: Hashable) -> tuple[bool, Any]:
    """As `take`, and forgotten: for a result that holds once (a claim's)."""
    found, value = take(key)
    if found:
        values = dict(_PREFETCHED.get() or {})
        del values[key]
        _PREFETCHED.set(values)
    return found, value


def written(key: str, value: Any) -> None:
    """This update wrote `key`: later reads in it see the new value (if it was read ahead)."""
    values = _PREFETCHED.get()
    if values is not None and key in values:
        _PREFETCHED.set({**values, key: value})


# Writes an update may leave to a round trip it makes anyway, for the Redis client that holds
# the user's lock: the lock's release, or the one before the update's next Telegram call
# (bot/runtime/fsm_redis.py). A key written twice is written once, with its last value.
# (key → (value, seconds to live)): a value of None deletes the key, a TTL of None keeps it.
# Only the update's own task defers: a task it starts shares the context (and this dict), but
# may outlive the lock, and then nobody would make its writes.
Deferred = dict[str, tuple[str | None, int | None]]
_DEFERRED: ContextVar[tuple[object, object, Deferred] | None] = ContextVar(
    "stobot_deferred_writes", default=None
)


def open_deferred(client: object) -> None:
    """The user's lock is held on `client`: writes to it may wait for the lock's release."""
    _DEFERRED.set((client, asyncio.current_task(), {}))


def defer_write(client: object, key: str, value: str | None, ttl_s: int | None) -> bool:
    """Leave SET `key` (DEL when `value` is None) to a later round trip; False when no lock
    on `client` will make it (then the caller writes it itself)."""
    deferred = _DEFERRED.get()
    if deferred is None or deferred[0] is not client or deferred[1] is not asyncio.current_task():
        return False
    writes = deferred[2]
    writes.pop(key, None)  # a rewritten key goes after the others, as if written now
    writes[key] = (value, ttl_s)
    return True


def take_deferred() -> tuple[object, Deferred] | None:
    """The writes waiting so far, to make now; later ones wait again. None when none wait."""
    deferred = _DEFERRED.get()
    if deferred is None or not deferred[2] or deferred[1] is not asyncio.current_task():
        return None
    client, task, writes = deferred
    _DEFERRED.set((client, task, {}))
    return client, writes


def close_deferred() -> Deferred:
    """The lock is being released: the writes left to it (none are taken after this)."""
    deferred = _DEFERRED.get()
    _DEFERRED.set(None)
    return {} if deferred is None else deferred[2]


@dataclass(frozen=True)
class ClaimAhead:
    """The update's claim (bot/middlewares/dedupe.py), made by the script that takes the
    user's lock (bot/runtime/fsm_redis.py) on `client` instead of a round trip of its own: SET `key`
    `value` NX for `ttl_s`, and GET the `ride_along` keys. The result is read ahead under
    `claimed_key(key)`, the ride-along values under their own keys."""

    client: object
    key: str
    value: str
    ttl_s: int
    ride_along: tuple[str, ...] = ()


_CLAIM_AHEAD: ContextVar[ClaimAhead | None] = ContextVar("stobot_claim_ahead", default=None)


def claimed_key(key: str) -> tuple[str, str]:
    return ("claimed", key)


def claim_ahead(claim: ClaimAhead) -> Token[ClaimAhead | None]:
    return _CLAIM_AHEAD.set(claim)


def end_claim_ahead(token: Token[ClaimAhead | None]) -> None:
    _CLAIM_AHEAD.reset(token)


def take_claim_ahead(client: object) -> ClaimAhead | None:
    """The claim to make with the lock on `client`, once; None when there is none for it."""
    claim = _CLAIM_AHEAD.get()
    if claim is None or claim.client is not client:
        return None
    _CLAIM_AHEAD.set(None)
    return claim
