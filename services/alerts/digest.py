"""The director's daily figures, and the shop's overdue tasks by person (also the head's view)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.alerts.config import WorkHours
from services.orders.parts import PART_ORDERED
from services.orders.stages import OPEN_STAGES, Stage
from services.orders.tasks import TASK_OPEN
from services.storage.models import Employee, Order, OrderPart, StageTask

MIDNIGHT = time(0, 0)


@dataclass(frozen=True)
class OverdueTask:
    task_id: int
    order_id: int
    stage: str
    role: str
    deadline: datetime
    assignee: str | None  # None: not taken yet, offered to `role`


@dataclass
class Digest:
    day: date  # "yesterday", in the shop's time zone
    opened: int = 0
    closed: int = 0
    cancelled: int = 0
    by_stage: dict[str, int] = field(default_factory=dict)
    overdue_by_person: dict[str, int] = field(default_factory=dict)  # "" = not taken yet
    late_by_vendor: dict[str, int] = field(default_factory=dict)


async def overdue_tasks(session: AsyncSession, now: datetime) -> list[OverdueTask]:
    """Open tasks that are late now or were created as overdue, oldest deadline first."""
    rows = await session.execute(
        select(StageTask, Employee.full_name)
        .outerjoin(Employee, Employee.id == StageTask.assignee_id)
        .where(
            StageTask.status == TASK_OPEN,
            or_(StageTask.overdue.is_(True), StageTask.deadline <= now),
        )
        .order_by(Employee.full_name, StageTask.deadline)
    )
    return [
        OverdueTask(t.id, t.order_id, t.stage, t.role, t.deadline, name) for t, name in rows.all()
    ]


async def build_digest(session: AsyncSession, now: datetime, hours: WorkHours) -> Digest:
    today = hours.local_date(now)
    day = today - timedelta(days=1)
    start, end = hours.at(day, MIDNIGHT), hours.at(today, MIDNIGHT)
    digest = Digest(day=day)
    digest.opened = await _count(session, Order.created_at >= start, Order.created_at < end)
    closed_yesterday = (Order.closed_at >= start, Order.closed_at < end)
    digest.closed = await _count(session, Order.stage == Stage.DONE.value, *closed_yesterday)
    digest.cancelled = await _count(
        session, Order.stage == Stage.CANCELLED.value, *closed_yesterday
    )
    stages = await session.execute(
        select(Order.stage, func.count())
        .where(Order.stage.in_([s.value for s in OPEN_STAGES]))
        .group_by(Order.stage)
    )
    counts = dict(stages.all())
    digest.by_stage = {s.value: counts[s.value] for s in OPEN_STAGES if counts.get(s.value)}
    for task in await overdue_tasks(session, now):
        key = task.assignee or ""
        digest.overdue_by_person[key] = digest.overdue_by_person.get(key, 0) + 1
    late = await session.execute(
        select(OrderPart.vendor, func.count())
        .where(OrderPart.status == PART_ORDERED, OrderPart.expected_date < today)
        .group_by(OrderPart.vendor)
        .order_by(func.count().desc(), OrderPart.vendor)
    )
    digest.late_by_vendor = {vendor or "—": n for vendor, n in late.all()}
    return digest


async def _count(session: AsyncSession, *where: object) -> int:
    return int(await session.scalar(select(func.count()).select_from(Order).where(*where)) or 0)
