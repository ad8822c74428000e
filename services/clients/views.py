"""Read-only shapes the services return for lists and histories."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from services.storage.models import Car


@dataclass(frozen=True)
class CarLink:
    """A client's link to a car: as its owner or as a driver (note: "сын", "брат"…)."""

    car: Car
    kind: str
    note: str | None
    since: datetime
    until: datetime | None


@dataclass(frozen=True)
class CarHolder:
    """A person linked to a car (owner or driver), from when until when (None: still)."""

    client_id: int
    client_name: str | None
    kind: str
    note: str | None
    since: datetime
    until: datetime | None
