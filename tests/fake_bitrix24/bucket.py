"""Cloud limits (§4): the leaky bucket (503) and the per-method operating budget (429)."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from tests.fake_bitrix24.clock import Clock

PLANS: dict[str, tuple[int, float]] = {"standard": (50, 2.0), "enterprise": (250, 5.0)}


class LeakyBucket:
    """+1 per HTTP request, drains `drain` per portal-second, rejects above `burst`.

    A rejected request is not added: the doc counts requests the portal serves, and a client
    hammering at a full bucket must not push the drain further away.
    """

    def __init__(self, clock: Clock, burst: int = 50, drain: float = 2.0) -> None:
        self.clock = clock
        self.burst = burst
        self.drain = drain
        self.enabled = True
        self.level = 0.0
        self._last = clock.time()

    def configure(
        self, burst: int | None = None, drain: float | None = None, plan: str | None = None
    ) -> None:
        if plan is not None:
            self.burst, self.drain = PLANS[plan]
        if burst is not None:
            self.burst = burst
        if drain is not None:
            self.drain = drain

    def _leak(self) -> None:
        now = self.clock.time()
        self.level = max(0.0, self.level - (now - self._last) * self.drain)
        self._last = now

    def current(self) -> float:
        self._leak()
        return self.level

    def try_acquire(self) -> bool:
        if not self.enabled:
            return True
        self._leak()
        if self.level + 1 > self.burst:
            return False
        self.level += 1
        return True

    def reset(self) -> None:
        self.level = 0.0
        self._last = self.clock.time()


@dataclass
class _Slot:
    start: float  # beginning of the one-minute bucket
    first_call: float
    seconds: float = 0.0


@dataclass
class OperatingBudget:
    """Per-method seconds in 10 one-minute buckets; blocked once the sum reaches `limit`.

    The call that crosses the line completes; the next one gets 429 (doc's worked example).
    `costs` says how many portal-seconds a method "runs" - the fake does no real work.
    """

    clock: Clock
    limit: float = 480.0
    default_cost: float = 0.01
    costs: dict[str, float] = field(default_factory=dict)
    enabled: bool = True
    window: float = 600.0
    slot: float = 60.0
    _slots: dict[str, deque[_Slot]] = field(default_factory=dict)

    def cost(self, method: str) -> float:
        return self.costs.get(method.lower(), self.default_cost)

    def _expire(self, method: str, now: float) -> deque[_Slot]:
        slots = self._slots.setdefault(method, deque())
        while slots and slots[0].first_call + self.window <= now:
            slots.popleft()
        return slots

    def operating(self, method: str) -> float:
        return sum(s.seconds for s in self._expire(method, self.clock.time()))

    def reset_at(self, method: str) -> int:
        now = self.clock.time()
        slots = self._expire(method, now)
        first = slots[0].first_call if slots else now
        return int(first + self.window)

    def blocked(self, method: str) -> bool:
        return self.enabled and self.operating(method) >= self.limit

    def record(self, method: str, seconds: float) -> None:
        now = self.clock.time()
        slots = self._expire(method, now)
        if not slots or now - slots[-1].start >= self.slot:
            slots.append(_Slot(start=now, first_call=now))
        slots[-1].seconds += seconds

    def reset(self) -> None:
        self._slots.clear()
