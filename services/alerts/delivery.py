"""Delivery control: 3 days before a part's expected date, on the day, and every day it is late.

A check is keyed by its day (at the start of work), so each happens once; a restart after
downtime makes only the latest missed check, not one per day missed. A received part has left
the "ordered" status and is no longer scanned.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.alerts.alert import Alert, AlertKind
from services.alerts.config import WorkHours
from services.alerts.ledger import claim
from services.orders.parts import PART_ORDERED
from services.orders.stages import Stage
from services.orders.tasks import role_holders
from services.staff.roles import Role
from services.storage.models import Order, OrderPart, StageTask

AHEAD = timedelta(days=3)
WAITING_STAGES = (Stage.PARTS_PURCHASE.value, Stage.AWAITING_DELIVERY.value)


def check_day(expected: date, today: date) -> date | None:
    """The day of the latest check up to `today`: −3 days, then the day itself and each after."""
    if today < expected - AHEAD:
        return None
    return expected - AHEAD if today < expected else today


async def due_part_ids(session: AsyncSession, today: date, limit: int = 5000) -> list[int]:
    """Ordered parts expected within 3 days or late; the (status, expected_date) index keeps
    this proportional to the parts near their date, not to every part ever ordered."""
    rows = await session.scalars(
        select(OrderPart.id)
        .join(Order, Order.id == OrderPart.order_id)
        .where(
            OrderPart.status == PART_ORDERED,
            OrderPart.expected_date <= today + AHEAD,
            Order.stage.in_(WAITING_STAGES),
        )
        .order_by(OrderPart.expected_date)
        .limit(limit)
    )
    return list(rows.all())


async def check_part(
    session: AsyncSession, part_id: int, now: datetime, hours: WorkHours
) -> list[Alert]:
    part = await session.get(OrderPart, part_id, populate_existing=True)
    if part is None or part.status != PART_ORDERED or part.expected_date is None:
        return []
    if part.received_quantity >= part.quantity:
        return []
    today = hours.local_date(now)
    day = check_day(part.expected_date, today)
    if day is None:
        return []
    due = hours.at(day, hours.start)
    if due > now:
        return []  # today's check is at the start of work
    if not await claim(session, "order_part", part.id, "delivery", due, now):
        return []
    extra = {"days": (part.expected_date - today).days}
    return [
        Alert(AlertKind.DELIVERY_CHECK, person, part.order_id, part_id=part.id, extra=extra)
        for person in await _buyers(session, part.order_id)
    ]


async def _buyers(session: AsyncSession, order_id: int) -> list[int]:
    """The supplier who bought the order's parts, else every supplier."""
    buyer = await session.scalar(
        select(StageTask.assignee_id)
        .where(
            StageTask.order_id == order_id,
            StageTask.stage == Stage.PARTS_PURCHASE.value,
            StageTask.assignee_id.is_not(None),
        )
        .order_by(StageTask.id.desc())
        .limit(1)
    )
    return [buyer] if buyer is not None else await role_holders(session, Role.SUPPLIER)
