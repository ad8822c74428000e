"""Packs the calls of many concurrent syncs into full batches, as fast as the bucket allows.

Every sync coroutine awaits `pipe.call(...)` or `pipe.chain([...])` as if it talked to the
portal alone; the pipe collects the calls and sends them 50 to a batch. Batches go with
`halt=0` and each command's result or error is judged on its own: a command the portal refuses
for good (a method an old box lacks, an entity deleted in the portal) fails only the sync it
belongs to, instead of skipping every command after it. A chain is a few commands of one sync,
run in order. A command that uses an earlier one's result (`Step(0)["item"]["id"]`) waits for
that answer and goes in a following batch with the value filled in, so it never runs after its
predecessor failed (with `halt=0` the portal would run it with the `$result[...]` text left
in); the commands between such steps share a batch and all run. The pipe sends a batch only
when the bucket has room, and then packs whatever is waiting at that moment: a nearly full
bucket leaves time for more calls to arrive, which keeps batches full.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from services.crm.bitrix24 import Batch, BatchResult, Bitrix24Client, Bitrix24Error, NotExecuted
from services.crm.bitrix24.batch import MAX_COMMANDS

# How long the pipe waits for more calls before sending a batch that is not full: the syncs
# answer a batch within a few milliseconds, so this only gathers what is about to arrive.
LINGER = 0.01
# Commands the answer says nothing about never ran: they go again, this often.
MAX_REQUEUES = 5


@dataclass(frozen=True, slots=True)
class Step:
    """The result of an earlier command of the same chain: `Step(0)["item"]["id"]`."""

    index: int
    path: tuple[str | int, ...] = ()

    def __getitem__(self, item: str | int) -> Step:
        return Step(self.index, (*self.path, item))


@dataclass(frozen=True, slots=True)
class Call:
    method: str
    params: Mapping[str, Any]


@dataclass
class ChainResult:
    """Results of the commands that ran; `error` stops the chain at `failed_at`."""

    results: list[Any]
    error: Bitrix24Error | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class _Unit:
    calls: list[Call]
    future: asyncio.Future[ChainResult]
    requeues: int = 0
    results: list[Any] = field(default_factory=list)  # of the commands answered so far

    def segment(self) -> list[Call]:
        """The commands that go in the next batch: from the first unanswered one up to the
        first that needs a result of this very segment."""
        start = len(self.results)
        end = start + 1
        while end < len(self.calls) and not _uses(self.calls[end].params, start):
            end += 1
        return self.calls[start:end]


@dataclass
class PipeStats:
    batches: int = 0
    commands: int = 0
    failed_batches: int = 0
    fill: list[int] = field(default_factory=list)
    first_sent: float | None = None  # monotonic time of the first batch sent
    last_answered: float | None = None  # and of the last answer (or failure)


class Pipe:
    def __init__(self, client: Bitrix24Client, *, linger: float = LINGER) -> None:
        self.client = client
        self.linger = linger
        self.stats = PipeStats()
        self._queue: deque[_Unit] = deque()
        self._queued_commands = 0
        self._arrived = asyncio.Event()
        self._answered = asyncio.Event()
        self._in_flight: set[asyncio.Task[None]] = set()
        self._runner: asyncio.Task[None] | None = None

    # ---- what the syncs call ---------------------------------------------------------

    async def call(self, method: str, params: Mapping[str, Any] | None = None) -> Any:
        """One command's result; its error raised."""
        outcome = await self.chain([Call(method, params or {})])
        if outcome.error is not None:
            raise outcome.error
        return outcome.results[0]

    async def chain(self, calls: Sequence[Call]) -> ChainResult:
        """Commands sent in one batch, in order; `Step(i)` in params refers to command i."""
        if not calls or len(calls) > MAX_COMMANDS:
            raise ValueError(f"a chain holds 1..{MAX_COMMANDS} commands")
        self._ensure_running()
        unit = _Unit(list(calls), asyncio.get_running_loop().create_future())
        self._push(unit)
        return await unit.future

    async def solo(self, method: str, params: Mapping[str, Any]) -> Any:
        """A call that must not go in a batch (file content): sent on its own."""
        return await self.client.call(method, params)

    async def close(self) -> None:
        if self._runner is not None:
            self._runner.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._runner
            self._runner = None
        for task in list(self._in_flight):
            with contextlib.suppress(asyncio.CancelledError):
                await task

    # ---- sending --------------------------------------------------------------------

    def _ensure_running(self) -> None:
        if self._runner is None or self._runner.done():
            self._runner = asyncio.create_task(self._run())

    def _push(self, unit: _Unit, front: bool = False) -> None:
        (self._queue.appendleft if front else self._queue.append)(unit)
        self._queued_commands += len(unit.segment())
        self._arrived.set()

    async def _run(self) -> None:
        while True:
            if not self._queue:
                self._arrived.clear()
                await self._arrived.wait()
            await self._wait_for_room()
            await self._gather_more()
            units = self._take()
            if units:
                task = asyncio.create_task(self._send(units))
                self._in_flight.add(task)
                task.add_done_callback(self._in_flight.discard)

    async def _wait_for_room(self) -> None:
        bucket = self.client.bucket
        while True:
            excess = bucket.level() + 1 - bucket.burst
            if excess <= 0:
                return
            await asyncio.sleep(max(excess / bucket.rate, 0.001))

    async def _gather_more(self) -> None:
        """Hold a batch that is not full while more calls may still come: calls arriving now,
        or the follow-up calls of a batch whose answer is on its way. Sending half-empty
        batches is what would waste the portal's request budget."""
        while self._queued_commands < MAX_COMMANDS:
            self._arrived.clear()
            self._answered.clear()
            flying = self._flying()
            waits = [asyncio.ensure_future(self._arrived.wait())]
            if flying:
                waits.append(asyncio.ensure_future(self._answered.wait()))
            done, pending = await asyncio.wait(
                waits,
                timeout=None if flying else self.linger,
                return_when=asyncio.FIRST_COMPLETED,
            )
            for waiter in pending:
                waiter.cancel()
            if not done:
                return
            if not self._arrived.is_set():
                # A batch was answered: give its syncs a moment to send what follows.
                await asyncio.sleep(0)
                if not self._arrived.is_set() and not self._flying():
                    await self._linger()
                    if not self._arrived.is_set():
                        return

    def _flying(self) -> bool:
        """A batch still waiting for its answer. A finished send stays in `_in_flight` until
        its done-callback runs; waiting for its answer then waited for ever (its `_answered`
        was set already), which hung the relay's cycle when a whole batch was skipped."""
        return any(not task.done() for task in self._in_flight)

    async def _linger(self) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._arrived.wait(), self.linger)

    def _take(self) -> list[_Unit]:
        taken: list[_Unit] = []
        size = 0
        while self._queue and size + len(self._queue[0].segment()) <= MAX_COMMANDS:
            unit = self._queue.popleft()
            size += len(unit.segment())
            taken.append(unit)
        self._queued_commands -= size
        return taken

    async def _send(self, units: list[_Unit]) -> None:
        batch = Batch(halt=False)
        keys: list[list[str]] = []
        for n, unit in enumerate(units):
            first = len(unit.results)
            unit_keys: list[str] = []
            for i, call in enumerate(unit.segment(), first):
                key = f"u{n}_{i}"
                batch.add(call.method, _resolve(call.params, unit.results), key=key)
                unit_keys.append(key)
            keys.append(unit_keys)
        self.stats.batches += 1
        self.stats.fill.append(len(batch))
        if self.stats.first_sent is None:
            self.stats.first_sent = time.monotonic()
        try:
            result = await self.client.batch(batch, idempotent=False)
        except Bitrix24Error as exc:
            self.stats.last_answered = time.monotonic()
            self._answered.set()
            self.stats.failed_batches += 1
            for unit in units:
                _settle(unit, ChainResult(list(unit.results), exc))
            return
        except BaseException as exc:  # a bug or cancellation: never leave a sync hanging
            self._answered.set()
            for unit in units:
                if not unit.future.done():
                    unit.future.set_exception(exc)
            raise
        self.stats.last_answered = time.monotonic()
        self._answered.set()
        for unit, unit_keys in zip(units, keys, strict=True):
            self._take_answer(unit, unit_keys, result)

    def _take_answer(self, unit: _Unit, unit_keys: list[str], result: BatchResult) -> None:
        """The batch's answers for one chain: settle it, or queue its next steps or a retry."""
        answered = len(unit.results)
        error: Bitrix24Error | None = None
        for key in unit_keys:
            if not result.executed(key):
                error = NotExecuted("", "the batch answer says nothing of it")
                break
            try:
                unit.results.append(result[key])
            except Bitrix24Error as exc:
                # Refused: only this chain fails; the rest of the batch stands.
                error = exc
                break
        ran = len(unit.results) - answered
        self.stats.commands += ran + (1 if error and not _skipped(error) else 0)
        if _skipped(error) and not ran and unit.requeues < MAX_REQUEUES:
            # Nothing of it ran: it can go again as it is.
            unit.requeues += 1
            self._push(unit, front=True)
            return
        if error is None and len(unit.results) < len(unit.calls):
            # The next steps use these results: they go in the next batch.
            self._push(unit, front=True)
            return
        _settle(unit, ChainResult(list(unit.results), error))


def _skipped(error: Bitrix24Error | None) -> bool:
    return isinstance(error, NotExecuted)


def _settle(unit: _Unit, outcome: ChainResult) -> None:
    if not unit.future.done():
        unit.future.set_result(outcome)


def _resolve(value: Any, results: list[Any]) -> Any:
    """Params with each `Step` replaced by the value the portal answered for it."""
    if isinstance(value, Step):
        found = results[value.index]
        for part in value.path:
            found = found[part]
        return found
    if isinstance(value, Mapping):
        return {k: _resolve(v, results) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_resolve(v, results) for v in value]
    return value


def _uses(value: Any, start: int) -> bool:
    """Whether params refer to a command at index `start` or later."""
    if isinstance(value, Step):
        return value.index >= start
    if isinstance(value, Mapping):
        return any(_uses(v, start) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_uses(v, start) for v in value)
    return False
