"""Runs cheap synchronous filters on the event loop instead of in a thread.

aiogram calls every filter that is not a coroutine function through `asyncio.to_thread`: a
`State` given as a filter (`router.message.register(h, PricingSG.purchase, …)`) and every
magic filter (`F.text`, `F.data.startswith(…)`) cost a thread hop per check, and a message
that falls through the dialog routers is checked against dozens of them. Both are pure
attribute comparisons, far cheaper than the hop (bench/updates.py measures the difference).

Command filters get a quick refusal too: aiogram parses every text against every `Command`
and refuses plain text by raising and catching an exception, once per command filter the
message passes on its way to its handler.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aiogram import Router
from aiogram.dispatcher.event.handler import FilterObject
from aiogram.filters import Command
from aiogram.fsm.state import State
from aiogram.types import Message


def _is_cheap(event_filter: FilterObject) -> bool:
    return event_filter.magic is not None or isinstance(event_filter.callback, State)


def _on_loop(check: Callable[..., Any]) -> Callable[..., Any]:
    async def call(*args: Any, **kwargs: Any) -> Any:
        return check(*args, **kwargs)

    return call


def _refusing_plain_text(command: Command) -> Callable[..., Any]:
    """What `Command` answers, without its parse for text that cannot be a command (the
    first character is not one of its prefixes)."""
    full_check = command.__call__

    async def call(message: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(message, Message):
            text = message.text or message.caption
            if not text or text[0] not in command.prefix:
                return False
        return await full_check(message, *args, **kwargs)

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
                elif isinstance(event_filter.callback, Command):
                    event_filter.callback = _refusing_plain_text(event_filter.callback)
                    changed += 1
    for sub_router in router.sub_routers:
        changed += run_cheap_filters_inline(sub_router)
    return changed
