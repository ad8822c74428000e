"""A client-side mirror of the portal's leaky bucket, so the portal never answers 503.

The portal adds 1 per HTTP request (a batch is one request) to a counter that drains at `rate`
per second and refuses requests beyond `burst` (contract §4). We keep the same counter here, but
we cannot see when a request reaches the portal: only that it arrives after we send it and
before its answer comes back. So a request counts as a full unit from the moment it is sent
until its answer (or failure) arrives, and only then joins the draining counter. The portal's
counter is then never above ours:

    portal(t) <= in_flight(t) + bucket over answer times(t)

(every request that reached the portal since any moment s either is still in flight for us or
was answered after s). Sending only while `in_flight + level + 1 <= burst` therefore never
overflows the portal, whatever the latency, and still runs at exactly `rate` in steady state;
the price is a one-off `rate × first answer's delay` when the bucket starts from empty.
(Assuming instead that a request arrives within some fixed delay of sending was tried: against
a busy fake portal sharing our event loop it let 503s through.) Residual gap: a call cancelled or
timed out after its bytes left us may still arrive a moment after we stopped counting it.

A request the portal refused without serving it (no connection, or the front's 503 page while
the portal is down) never reached the portal's counter, so it does not join ours either: after
an outage both are empty, and the relay sends a full burst at once instead of crawling at
`rate` while the portal's bucket sits empty.

One bucket per portal and source IP: share one instance between all clients of a process.
Several processes on one IP must split the rate (`BITRIX24_RATE`/`BURST`).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

_EPS = 1e-9


class Slot:
    """One request's place in the bucket; `unserved()` when the portal never served it."""

    __slots__ = ("served",)

    def __init__(self) -> None:
        self.served = True

    def unserved(self) -> None:
        self.served = False


class PortalBucket:
    def __init__(
        self, rate: float, burst: int, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("rate must be > 0 and burst >= 1")
        self.rate = float(rate)
        self.burst = int(burst)
        self._clock = clock
        self._level = 0.0  # answered requests, still draining
        self._updated = clock()
        self._in_flight = 0
        # FIFO: asyncio.Lock wakes waiters in arrival order, so no caller starves.
        self._turn = asyncio.Lock()
        self._answered = asyncio.Event()
        self.granted = 0
        self.peak = 0.0

    @property
    def in_flight(self) -> int:
        return self._in_flight

    def level(self) -> float:
        """Our upper bound of the portal's counter right now."""
        self._drain(self._clock())
        return self._in_flight + self._level

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[Slot]:
        """Hold one request's place from sending until its answer (or failure) arrives."""
        await self.acquire()
        place = Slot()
        try:
            yield place
        finally:
            self.release(served=place.served)

    async def acquire(self) -> None:
        async with self._turn:
            while True:
                self._drain(self._clock())
                excess = self._in_flight + self._level + 1 - self.burst
                if excess <= _EPS:
                    self._in_flight += 1
                    self.granted += 1
                    self.peak = max(self.peak, self._in_flight + self._level)
                    return
                if excess <= self._level + _EPS:
                    # Draining alone makes room; an answer meanwhile moves a unit from
                    # in-flight to the level, which changes nothing.
                    await asyncio.sleep(excess / self.rate)
                else:
                    # Too many requests in the air: wait until one of them is answered.
                    self._answered.clear()
                    await self._answered.wait()

    def release(self, *, served: bool = True) -> None:
        """The answer (or failure) is in; a request the portal never served drains nothing."""
        self._drain(self._clock())
        self._in_flight -= 1
        if served:
            self._level += 1.0
        self._answered.set()

    def saturate(self) -> None:
        """The portal said QUERY_LIMIT_EXCEEDED: someone else shares the bucket, assume it full."""
        self._drain(self._clock())
        self._level = max(self._level, float(self.burst - self._in_flight))

    def _drain(self, now: float) -> None:
        elapsed = now - self._updated
        if elapsed > 0:
            self._level = max(0.0, self._level - elapsed * self.rate)
            self._updated = now
