"""What a scan decided to tell someone; rendered and queued by the bot side."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class AlertKind(StrEnum):
    TASK_OVERDUE = "task_overdue"  # to the assignee (or role holders) and the heads
    DELIVERY_CHECK = "delivery_check"  # to the supplier, with the three one-tap answers
    REMINDER_EVENING = "reminder_evening"  # to the master, the evening before the appointment
    REMINDER_SOON = "reminder_soon"  # to the master, hours before the appointment
    DIGEST = "digest"  # to the directors, daily


# Reminders are planned for a moment people asked for; everything else waits for work hours.
URGENT: frozenset[AlertKind] = frozenset({AlertKind.REMINDER_EVENING, AlertKind.REMINDER_SOON})


@dataclass(frozen=True)
class Alert:
    kind: AlertKind
    employee_id: int
    order_id: int | None = None
    task_id: int | None = None
    part_id: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)
