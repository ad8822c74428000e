"""Runs cheap synchronous filters on the event loop instead of in a thread.

aiogram calls every filter that is not a coroutine function through `asyncio.to_thread`: a
`State` given as a filter (`router.message.register(h, PricingSG.purchase, …)`) and every
magic filter (`F.text`, `F.data.startswith(…)`) cost a thread hop per check, and a message
that falls through the dialog routers is checked against dozens of them. Both are pure
attribute comparisons, far cheaper than the hop (bench/updates.py measures the difference).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aiogram import Router
from aiogram.dispatcher.event.handler import FilterObject
from aiogram.fsm.state import State


def _is_cheap(event_filter: FilterObject) -> bool:
    return event_filter.magic is not None or isinstance(event_filter.callback, State)


def _on_loop(check: Callable[..., Any]) -> Callable[..., Any]:
    async def call(*args: Any, **kwargs: Any) -> Any:
        return check(*args, **kwargs)

    return call


def run_cheap_filters_inline(router: Router) -> int:
    """Makes every State and magic filter under `router` (handlers and routers' own filters)
    a coroutine; returns how many were changed. Other sync filters stay in threads: they may
    block."""
    changed = 0
    for observer in router.observers.values():
        handlers = [observer._handler, *observer.handlers]
        for handler in handlers:
            for event_filter in handler.filters or ():
                if not event_filter.awaitable and _is_cheap(event_filter):
                    event_filter.callback = _on_loop(event_filter.callback)
                    event_filter.awaitable = True
                    changed += 1
    for sub_router in router.sub_routers:
        changed += run_cheap_filters_inline(sub_router)
    return changed
