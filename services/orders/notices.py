"""What a use case asks the bot to tell people; services know nothing of Telegram.

Each use case returns a `StepResult` whose notices the caller delivers after the commit. A
notice names one recipient, so a person gets one notice per event, and the actor never gets one.
Given a `NoticeQueue`, a use case queues its notices in its own transaction before it commits:
the step and what it tells people are saved together, or neither is.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from services.orders.send_back import SendBack
from services.orders.stages import Stage
from services.storage.models import Order, StageTask


class NoticeKind(StrEnum):
    TASK_NEW = "task_new"  # a task for you (assigned to you, or offered to your role): «Беру»
    STAGE_CHANGED = "stage_changed"  # an order of yours (you are its master) changed stage
    TASK_TAKEN = "task_taken"  # a task offered to you was taken by someone else (`by_id`)
    TASK_REASSIGNED = "task_reassigned"  # your task was handed to someone else (`by_id`)
    ORDER_CANCELLED = "order_cancelled"  # an order you work on was cancelled (parts to return?)
    PART_RECEIVED = "part_received"  # a part of your order arrived (`part_id`), not all yet


# When one event would tell a person two things, the more actionable one wins.
_PRIORITY: dict[NoticeKind, int] = {
    NoticeKind.TASK_NEW: 0,
    NoticeKind.ORDER_CANCELLED: 1,
    NoticeKind.TASK_REASSIGNED: 2,
    NoticeKind.STAGE_CHANGED: 3,
    NoticeKind.PART_RECEIVED: 4,
    NoticeKind.TASK_TAKEN: 5,
}


@dataclass(frozen=True)
class Notice:
    kind: NoticeKind
    employee_id: int  # the recipient
    order_id: int
    stage: Stage  # the order's stage after the event
    task_id: int | None = None
    part_id: int | None = None
    by_id: int | None = None  # who did it (the actor, or who took the task)
    # A task or stage change that redoes a stage the order was sent back to: why, and by whom.
    send_back: SendBack | None = None


class NoticeQueue(Protocol):
    async def stage(self, notices: Sequence[Notice]) -> None:
        """Add the notices to the session's open transaction, without committing it."""


@dataclass
class StepResult:
    """The outcome of a use case: the order as it is now and whom to tell what."""

    order: Order
    notices: list[Notice] = field(default_factory=list)
    task: StageTask | None = None  # the task a task use case acted on
    # The task the move opened. Kept referenced, so the notifier finds it in the session's
    # identity map (which holds objects weakly) instead of reading it again.
    new_task: StageTask | None = None

    def recipients(self) -> set[int]:
        return {n.employee_id for n in self.notices}


def merge(notices: Iterable[Notice], *, actor_id: int | None) -> list[Notice]:
    """One notice per person, the most actionable one; never to the actor himself."""
    best: dict[int, Notice] = {}
    for notice in notices:
        if notice.employee_id == actor_id:
            continue
        current = best.get(notice.employee_id)
        if current is None or _PRIORITY[notice.kind] < _PRIORITY[current.kind]:
            best[notice.employee_id] = notice
    return sorted(best.values(), key=lambda n: n.employee_id)
