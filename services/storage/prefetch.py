"""Redis values read ahead, in a round trip the update makes anyway, for readers further down
the same update to find without a round trip of their own.

One update runs in one asyncio task, so a context variable holds what was read for it. The
mapping is replaced, never changed in place: a task started from a handler gets a copy of
the context, and neither side may see the other's later writes.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

_PREFETCHED: ContextVar[dict[str, Any] | None] = ContextVar("stobot_prefetched", default=None)
_MISSING = object()


def start(values: dict[str, Any]) -> None:
    """A new update: only what was read for it (nothing left over from an earlier one)."""
    _PREFETCHED.set(dict(values))


def add(values: dict[str, Any]) -> None:
    _PREFETCHED.set({**(_PREFETCHED.get() or {}), **values})


def take(key: str) -> tuple[bool, Any]:
    """(True, value) when `key` was read ahead for this update; (False, None) otherwise."""
    values = _PREFETCHED.get()
    if values is None:
        return False, None
    value = values.get(key, _MISSING)
    return (False, None) if value is _MISSING else (True, value)


def written(key: str, value: Any) -> None:
    """This update wrote `key`: later reads in it see the new value (if it was read ahead)."""
    values = _PREFETCHED.get()
    if values is not None and key in values:
        _PREFETCHED.set({**values, key: value})
