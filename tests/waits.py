"""Waiting on processes a test starts (`stobot run`, redis-server): for the event the test
needs, or for a process to exit, whichever comes first, never for a guess at how long a start
takes. On the 2-core machine shared by several test runs, importing aiogram alone took 55 s
of wall clock; any bound near a start's time fails tests that would have passed. The only
clock is HANG, a last-resort bound a working process never reaches.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")

# Seconds after which a wait is taken for a hang and fails.
HANG = 600.0


async def polled(check: Callable[[], Awaitable[bool]], every: float = 0.25) -> None:
    """Until `check()` holds: for a state no event of ours tells about (rows another process
    writes, a port another process opens). No bound here: wrap it in `until`."""
    while not await check():  # noqa: ASYNC110 - the state is in another process
        await asyncio.sleep(every)


class Watched:
    """A started process whose stdout (stderr folded in) is read as it comes, so a full pipe
    never blocks its logging, and kept for assertion messages. A line equal to `marker` is
    not kept but sets `marked`."""

    def __init__(self, process: asyncio.subprocess.Process, marker: bytes | None = None) -> None:
        assert process.stdout is not None
        self.process = process
        self.marker = marker
        self.marked = asyncio.Event()
        self.output = b""
        self._reader = asyncio.create_task(self._read(process.stdout))

    async def _read(self, stdout: asyncio.StreamReader) -> None:
        while line := await stdout.readline():
            if self.marker is not None and line.rstrip() == self.marker:
                self.marked.set()
            else:
                self.output += line

    @property
    def log(self) -> str:
        return self.output.decode(errors="replace")[-4000:]

    def send(self, sig: signal.Signals) -> None:
        if self.process.returncode is None:
            self.process.send_signal(sig)

    async def end(self, sig: signal.Signals | None = None) -> int:
        """Send `sig` (unless it has exited) and wait for the exit and the last output."""
        if sig is not None:
            self.send(sig)
        if self.process.stdin is not None:
            self.process.stdin.close()
        # The signal is the event; HANG only catches a process that never ends.
        code = await asyncio.wait_for(self.process.wait(), HANG)
        await asyncio.wait_for(self._reader, HANG)
        return code

    async def until(self, event: Awaitable[T], what: str) -> T:
        return await until(event, what, self)


async def until(event: Awaitable[T], what: str, *watched: Watched) -> T:
    """`event`'s result once it comes. One of `watched` exiting first fails at once with its
    log; nothing else bounds the wait but HANG."""
    waited = asyncio.ensure_future(event)
    exits = {asyncio.ensure_future(w.process.wait()): w for w in watched}
    try:
        await asyncio.wait({waited, *exits}, timeout=HANG, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for future in (waited, *exits):
            future.cancel()
    if waited.done() and not waited.cancelled():
        return waited.result()
    for exit_, w in exits.items():
        if exit_.done() and not exit_.cancelled():
            await asyncio.wait_for(w._reader, HANG)
            raise AssertionError(f"exited ({exit_.result()}) before {what}:\n{w.log}")
    logs = "\n---\n".join(w.log for w in watched)
    raise AssertionError(f"no {what} in {HANG:.0f} s, a hang:\n{logs}")
