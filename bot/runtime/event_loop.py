"""The event loop every command runs on: uvloop where it is installed (Linux, macOS), else
asyncio's own. uvloop's loop and transports are C: about a tenth less CPU per update here
(bench/README.md), the same behaviour."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


def loop_factory() -> Callable[[], asyncio.AbstractEventLoop] | None:
    try:
        import uvloop
    except ImportError:  # Windows: no uvloop wheel
        return None
    return uvloop.new_event_loop


def run(main: Coroutine[Any, Any, T]) -> T:
    with asyncio.Runner(loop_factory=loop_factory()) as runner:
        return runner.run(main)
