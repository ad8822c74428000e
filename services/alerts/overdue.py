"""Overdue stage tasks: closed as overdue, replaced by a "[Просрочено]" task with a new deadline.

The replacement is overdue itself 24 h later if the stage is still not done, so the cycle
repeats by itself. Each task is handled once: its row is locked and its key claimed.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.alerts.alert import Alert, AlertKind
from services.alerts.ledger import claim
from services.crm.outbox import writer as outbox_events
from services.orders import tasks as task_repo
from services.staff.roles import Role
from services.storage.models import StageTask

TASK_OVERDUE = "overdue"  # the status of a task closed because its deadline passed


async def due_task_ids(session: AsyncSession, now: datetime, limit: int = 1000) -> list[int]:
    """Open tasks past their deadline; the (status, deadline) index makes this cost the due."""
    rows = await session.scalars(
        select(StageTask.id)
        .where(StageTask.status == task_repo.TASK_OPEN, StageTask.deadline <= now)
        .order_by(StageTask.deadline)
        .limit(limit)
    )
    return list(rows.all())


async def mark_overdue(
    session: AsyncSession, task_id: int, now: datetime, ttl: timedelta = task_repo.DEFAULT_TASK_TTL
) -> list[Alert]:
    """Close one overdue task and open its "[Просрочено]" successor; whom to alert. Never
    commits; nothing happens when another process has it or did it already."""
    task = await session.scalar(
        select(StageTask)
        .where(
            StageTask.id == task_id,
            StageTask.status == task_repo.TASK_OPEN,
            StageTask.deadline <= now,
        )
        .with_for_update(skip_locked=True)
        .execution_options(populate_existing=True)
    )
    if task is None:
        return []
    if not await claim(session, "stage_task", task.id, "overdue", task.deadline, now):
        return []
    task.status = TASK_OVERDUE
    task.closed_at = now
    successor = StageTask(
        order_id=task.order_id,
        stage=task.stage,
        role=task.role,
        assignee_id=task.assignee_id,
        status=task_repo.TASK_OPEN,
        overdue=True,
        created_at=now,
        deadline=now + ttl,
    )
    session.add(successor)
    await session.flush()
    # Mirrored like any other task change (a no-op without a portal).
    outbox_events.task_changed(session, task)
    outbox_events.task_changed(session, successor)
    people = await task_repo.holders(session, successor)
    people += await task_repo.role_holders(session, Role.HEAD)
    return [
        Alert(AlertKind.TASK_OVERDUE, person, task.order_id, task_id=successor.id)
        for person in dict.fromkeys(people)
    ]
