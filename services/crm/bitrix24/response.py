"""A successful answer: the result plus the list and timing fields around it (contract §2)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Response:
    result: Any
    total: int | None = None
    next: int | None = None
    time: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def parse(cls, payload: dict[str, Any]) -> Response:
        time = payload.get("time")
        return cls(
            result=payload.get("result"),
            total=_int_or_none(payload.get("total")),
            next=_int_or_none(payload.get("next")),
            time=time if isinstance(time, dict) else {},
        )

    @property
    def operating_reset_at(self) -> float | None:
        value = self.time.get("operating_reset_at")
        return float(value) if isinstance(value, int | float) else None


def _int_or_none(value: Any) -> int | None:
    try:
        return None if value is None else int(value)
    except (TypeError, ValueError):
        return None
