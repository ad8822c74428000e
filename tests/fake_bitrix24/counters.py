"""What the portal saw - for tests and benchmarks that assert on load, not just results."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Counters:
    requests: int = 0  # HTTP requests that reached the app (incl. rejected ones)
    rejected_503: int = 0  # QUERY_LIMIT_EXCEEDED
    rejected_429: int = 0  # OPERATION_TIME_LIMIT, top level and inside batches
    commands: int = 0  # executed method calls, batch sub-calls included, `batch` itself not
    batches: int = 0
    faults_injected: int = 0
    per_method: Counter[str] = field(default_factory=Counter)

    def reset(self) -> None:
        self.__init__()  # type: ignore[misc]
