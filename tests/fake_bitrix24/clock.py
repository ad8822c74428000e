"""Injectable portal clocks.

The bucket, the operating budget, `time` blocks and entity timestamps all read the portal's
clock, so a test can run the portal faster than wall time (ScaledClock) while keeping the
real ratios (burst 50 / drain 2 per portal-second), or step it by hand (ManualClock).
"""

from __future__ import annotations

import asyncio
import time
from typing import Protocol


class Clock(Protocol):
    def time(self) -> float:
        """Portal unix time in seconds."""

    async def sleep(self, seconds: float) -> None:
        """Sleep for `seconds` of portal time."""


class ScaledClock:
    """Portal time runs `speed` times faster than the wall clock, starting at real now."""

    def __init__(self, speed: float = 1.0, start: float | None = None) -> None:
        if speed <= 0:
            raise ValueError("speed must be positive")
        self.speed = speed
        self._origin = time.time() if start is None else start
        self._mono0 = time.monotonic()

    def time(self) -> float:
        return self._origin + (time.monotonic() - self._mono0) * self.speed

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(max(0.0, seconds) / self.speed)


class ManualClock:
    """Time moves only when a test calls advance(); sleep() advances instead of waiting."""

    def __init__(self, start: float = 1_766_040_000.0) -> None:
        self.now = start

    def time(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds

    async def sleep(self, seconds: float) -> None:
        self.now += max(0.0, seconds)
        await asyncio.sleep(0)
