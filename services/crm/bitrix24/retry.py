"""When to try a call again, and how long to wait."""

from __future__ import annotations

import random
from dataclasses import dataclass

# Calls that change nothing, so a lost answer can simply be asked for again.
_READ_VERBS = frozenset({"get", "list", "fields", "current", "findbycomm", "types", "count"})
_READ_METHODS = frozenset({"profile", "scope", "methods", "method.get", "server.time", "app.info"})


def is_read_only(method: str) -> bool:
    name = method.strip().lower()
    return name in _READ_METHODS or name.rsplit(".", 1)[-1] in _READ_VERBS


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    # Attempts per call for QUERY_LIMIT_EXCEEDED, network errors and OPERATION_TIME_LIMIT.
    max_attempts: int = 6
    base_delay: float = 0.5
    max_delay: float = 30.0
    # OPERATION_TIME_LIMIT waits up to this long for operating_reset_at; beyond it the error is
    # raised so the caller (the outbox relay) can reschedule instead of holding a worker.
    max_operating_wait: float = 600.0
    # Wait used when the portal never told us operating_reset_at for that method.
    unknown_operating_wait: float = 60.0
    # Our clock and the portal's differ by the network delay at least: wake a little late.
    operating_margin: float = 1.0

    def backoff(self, attempt: int) -> float:
        """Exponential with "equal jitter": half fixed, half random, so retries spread out."""
        ceiling = min(self.max_delay, self.base_delay * 2 ** (attempt - 1))
        return ceiling / 2 + random.uniform(0, ceiling / 2)
