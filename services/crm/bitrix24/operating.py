"""Per-method time budgets: after OPERATION_TIME_LIMIT a method rests until operating_reset_at.

The portal counts seconds of execution per method (contract §4) and says in every successful
answer when the oldest minute of that count expires (`time.operating_reset_at`, portal's unix
clock). We remember the last value per method and, once the portal refuses the method, hold
further calls of it (other methods keep going) until then.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any


class OperatingBudget:
    def __init__(
        self,
        *,
        unknown_wait: float = 60.0,
        margin: float = 1.0,
        wall: Callable[[], float] = time.time,
    ) -> None:
        self._unknown_wait = unknown_wait
        self._margin = margin
        self._wall = wall
        self._reset_at: dict[str, float] = {}
        self._blocked: dict[str, float] = {}  # method → local wall time when it may run again
        self._skew = 0.0  # portal clock minus ours, from the latest answer

    def note(self, method: str, timing: Mapping[str, Any] | None) -> None:
        if not timing:
            return
        finish = timing.get("finish")
        if isinstance(finish, int | float):
            self._skew = float(finish) - self._wall()
        reset_at = timing.get("operating_reset_at")
        if isinstance(reset_at, int | float):
            self._reset_at[method.lower()] = float(reset_at)

    def exhausted(self, method: str) -> float | None:
        """The method was refused; returns the portal's reset time if we know it."""
        reset_at = self._reset_at.get(method.lower())
        now = self._wall()
        if reset_at is not None and reset_at - self._skew > now:
            self._blocked[method.lower()] = reset_at - self._skew + self._margin
        else:
            reset_at = None
            self._blocked[method.lower()] = now + self._unknown_wait
        return reset_at

    def wait_for(self, method: str) -> float:
        """Seconds until `method` may be called again (0 when it is not held)."""
        until = self._blocked.get(method.lower())
        if until is None:
            return 0.0
        left = until - self._wall()
        if left <= 0:
            del self._blocked[method.lower()]
            return 0.0
        return left
