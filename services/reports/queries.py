"""The report's other figures: each one aggregate query, nothing loaded row by row."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.orders.parts import PART_ORDERED, PART_UNAVAILABLE
from services.orders.stages import CLOSED_STAGES, OPEN_STAGES, PIPELINE, Stage
from services.orders.tasks import TASK_DONE, TASK_OPEN
from services.orders.totals import money
from services.reports.model import Money, OverdueRow, VendorLate, WeekRevenue
from services.reports.period import Period
from services.reports.sql import as_date, days_since, local_week_start
from services.storage.models import (
    Employee,
    Order,
    OrderPart,
    StageTask,
    StageTransition,
    WorkLine,
)

_CLOSED = [s.value for s in CLOSED_STAGES]


def _closed_in(period: Period, stage: Stage):  # type: ignore[no-untyped-def]
    return and_(
        Order.stage == stage.value, Order.closed_at >= period.start, Order.closed_at < period.end
    )


async def opened(session: AsyncSession, period: Period) -> int:
    query = select(func.count()).where(
        Order.created_at >= period.start, Order.created_at < period.end
    )
    return int(await session.scalar(query) or 0)


async def closed(session: AsyncSession, period: Period) -> int:
    query = select(func.count()).select_from(Order).where(_closed_in(period, Stage.DONE))
    return int(await session.scalar(query) or 0)


async def cancel_reasons(session: AsyncSession, period: Period) -> list[tuple[str, int]]:
    reason = func.coalesce(Order.cancel_reason, "")
    query = (
        select(reason, func.count())
        .where(_closed_in(period, Stage.CANCELLED))
        .group_by(reason)
        .order_by(func.count().desc(), reason)
    )
    return [(r, int(n)) for r, n in (await session.execute(query)).all()]


async def by_stage_now(session: AsyncSession) -> dict[str, int]:
    query = select(Order.stage, func.count()).where(Order.stage.not_in(_CLOSED))
    counts = dict((await session.execute(query.group_by(Order.stage))).all())
    return {s.value: int(counts.get(s.value, 0)) for s in OPEN_STAGES}


async def funnel(session: AsyncSession, period: Period, opened_count: int) -> dict[str, int]:
    """Of the orders opened in the period, how many reached each stage (ever, so far)."""
    t = StageTransition
    # DISTINCT in a subquery lets PostgreSQL hash the pairs instead of sorting per stage.
    reached = (
        select(t.to_stage, t.order_id)
        .join(Order, Order.id == t.order_id)
        .where(Order.created_at >= period.start, Order.created_at < period.end)
        .distinct()
        .subquery()
    )
    query = select(reached.c.to_stage, func.count()).group_by(reached.c.to_stage)
    counts = dict((await session.execute(query)).all())
    counts[Stage.NEW.value] = opened_count
    return {s.value: int(counts.get(s.value, 0)) for s in PIPELINE}


async def overdue(session: AsyncSession, period: Period, now: datetime) -> list[OverdueRow]:
    task = StageTask
    late_now = and_(task.status == TASK_OPEN, or_(task.overdue.is_(True), task.deadline < now))
    late_done = and_(
        task.status == TASK_DONE,
        task.closed_at >= period.start,
        task.closed_at < period.end,
        task.closed_at > task.deadline,
    )
    # Unassigned tasks are grouped by the role whose pool they wait in.
    pool_role = case((task.assignee_id.is_(None), task.role), else_=None)
    now_count = func.sum(case((late_now, 1), else_=0))
    done_count = func.sum(case((late_done, 1), else_=0))
    query = (
        select(task.assignee_id, Employee.full_name, pool_role, now_count, done_count)
        .outerjoin(Employee, Employee.id == task.assignee_id)
        .where(or_(late_now, late_done))
        .group_by(task.assignee_id, Employee.full_name, pool_role)
        .order_by(now_count.desc(), done_count.desc(), Employee.full_name)
    )
    return [
        OverdueRow(emp_id, name, role, int(n_now), int(n_done))
        for emp_id, name, role, n_now, n_done in (await session.execute(query)).all()
    ]


def _part_sums():  # type: ignore[no-untyped-def]
    # Unpriced parts count as zero, as on the order card (services/orders/totals.py).
    sale = func.sum(func.coalesce(OrderPart.sale_price, 0) * OrderPart.quantity)
    cost = func.sum(func.coalesce(OrderPart.purchase_price, 0) * OrderPart.quantity)
    return sale, cost


def _dec(value: object) -> Decimal:
    return money(Decimal(str(value or 0)))


def money_totals(weeks: list[WeekRevenue]) -> Money:
    """The period's money is the sum of its weeks (same orders, same rules)."""
    return Money(
        sum((w.parts_sale for w in weeks), Decimal(0)),
        sum((w.parts_cost for w in weeks), Decimal(0)),
        sum((w.labour for w in weeks), Decimal(0)),
    )


async def weekly_revenue(session: AsyncSession, period: Period) -> list[WeekRevenue]:
    dialect = session.bind.dialect.name
    week = local_week_start(dialect, Order.closed_at, period.utc_offset).label("week")
    sale, cost = _part_sums()
    parts = await session.execute(
        select(week, sale, cost)
        .join(Order, Order.id == OrderPart.order_id)
        .where(_closed_in(period, Stage.DONE), OrderPart.status != PART_UNAVAILABLE)
        .group_by(week)
    )
    labour = await session.execute(
        select(week, func.sum(WorkLine.cost))
        .join(Order, Order.id == WorkLine.order_id)
        .where(_closed_in(period, Stage.DONE))
        .group_by(week)
    )
    weeks: dict[date, list[Decimal]] = {}
    for w, s, c in parts.all():
        weeks.setdefault(as_date(w), [Decimal(0)] * 3)[0:2] = [_dec(s), _dec(c)]
    for w, amount in labour.all():
        weeks.setdefault(as_date(w), [Decimal(0)] * 3)[2] = _dec(amount)
    return [WeekRevenue(w, *values) for w, values in sorted(weeks.items())]


async def late_vendors(session: AsyncSession, today: date) -> list[VendorLate]:
    """Ordered parts still not (fully) in after their expected date, on open orders, now."""
    days = days_since(session.bind.dialect.name, today, OrderPart.expected_date)
    vendor = func.coalesce(OrderPart.vendor, "")
    query = (
        select(vendor, func.count(), func.avg(days), func.max(days))
        .join(Order, Order.id == OrderPart.order_id)
        .where(
            OrderPart.status == PART_ORDERED,
            OrderPart.expected_date < today,
            OrderPart.received_quantity < OrderPart.quantity,
            Order.stage.not_in(_CLOSED),
        )
        .group_by(vendor)
        .order_by(func.count().desc(), vendor)
    )
    return [
        VendorLate(v, int(n), round(float(avg), 1), int(mx))
        for v, n, avg, mx in (await session.execute(query)).all()
    ]
