"""The client-side bucket never lets the portal's bucket overflow, yet uses nearly all of it."""

from __future__ import annotations

import asyncio
import random
import time

from services.crm.bitrix24.limiter import PortalBucket


class SimulatedPortal:
    """The portal's rule (contract §4): +1 per arriving request, drain `rate`/s, refuse above
    `burst`. A refused request is not counted (as in the fake portal)."""

    def __init__(self, rate: float, burst: int) -> None:
        self.rate, self.burst = rate, burst
        self.level = 0.0
        self.last = time.monotonic()
        self.accepted = 0
        self.rejected = 0

    def arrive(self) -> None:
        now = time.monotonic()
        self.level = max(0.0, self.level - (now - self.last) * self.rate)
        self.last = now
        if self.level + 1 > self.burst + 1e-6:
            self.rejected += 1
        else:
            self.level += 1
            self.accepted += 1


async def _run(
    bucket: PortalBucket,
    portal: SimulatedPortal,
    calls: int,
    uplink: tuple[float, float],
    downlink: float,
) -> float:
    rng = random.Random(7)

    async def one() -> None:
        async with bucket.slot():
            # Latency is what breaks limiters that count a request when it is sent: the
            # portal's bucket cannot drain before the first request reaches it.
            await asyncio.sleep(rng.uniform(*uplink))
            portal.arrive()
            await asyncio.sleep(rng.uniform(0, downlink))

    started = time.monotonic()
    await asyncio.gather(*(one() for _ in range(calls)))
    return time.monotonic() - started


async def test_many_concurrent_callers_never_overflow_the_portal() -> None:
    rate, burst, calls = 400.0, 20, 300
    bucket = PortalBucket(rate, burst)
    portal = SimulatedPortal(rate, burst)
    await _run(bucket, portal, calls, uplink=(0.01, 0.03), downlink=0.005)
    assert portal.rejected == 0
    assert portal.accepted == calls
    assert bucket.peak <= burst
    # How close to the ceiling (burst + rate × time) we run is a timing: bench/mirror.py.


async def test_steady_state_runs_at_the_portal_rate() -> None:
    rate, burst, calls = 200.0, 10, 210
    bucket = PortalBucket(rate, burst)
    portal = SimulatedPortal(rate, burst)
    elapsed = await _run(bucket, portal, calls, uplink=(0.0, 0.0005), downlink=0.0005)
    assert portal.rejected == 0
    minimum = (calls - burst) / rate  # what the portal's own rule allows at best
    assert minimum <= elapsed  # never faster than the portal allows; how close: bench/mirror.py


async def test_burst_goes_out_at_once_when_empty() -> None:
    bucket = PortalBucket(1.0, 50)
    started = time.monotonic()
    for _ in range(50):
        await bucket.acquire()
    # One wait would be a whole second at this rate; a busy machine stays far below that.
    assert time.monotonic() - started < 0.5
    assert bucket.in_flight == 50
    assert abs(bucket.level() - 50) < 1e-6


async def test_a_refusal_from_the_portal_makes_us_assume_a_full_bucket() -> None:
    bucket = PortalBucket(50.0, 10)
    bucket.saturate()
    started = time.monotonic()
    async with bucket.slot():
        pass
    # A full bucket of 10 lets the next request through after one unit drained (1/50 s).
    assert time.monotonic() - started >= 0.015
