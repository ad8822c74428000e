"""Appointment reminders to the order's master: the evening before and hours before.

A scan late after downtime sends the latest reminder still ahead of the appointment.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.alerts.alert import Alert, AlertKind
from services.alerts.config import WorkHours
from services.alerts.ledger import claim
from services.orders.stages import CLOSED_STAGES
from services.storage.models import Order

HORIZON = timedelta(hours=48)


async def upcoming_order_ids(session: AsyncSession, now: datetime) -> list[int]:
    rows = await session.scalars(
        select(Order.id)
        .where(
            Order.appointment_at > now,
            Order.appointment_at <= now + HORIZON,
            Order.stage.not_in([s.value for s in CLOSED_STAGES]),
        )
        .order_by(Order.appointment_at)
    )
    return list(rows.all())


async def remind(
    session: AsyncSession,
    order_id: int,
    now: datetime,
    hours: WorkHours,
    evening_at: time,
    before: timedelta,
) -> list[Alert]:
    order = await session.get(Order, order_id)
    if order is None or order.appointment_at is None or order.master_id is None:
        return []
    at = order.appointment_at
    day_before = hours.local_date(at) - timedelta(days=1)
    plans = [
        (hours.at(day_before, evening_at), AlertKind.REMINDER_EVENING),
        (at - before, AlertKind.REMINDER_SOON),
    ]
    due = [(when, kind) for when, kind in plans if when <= now < at]
    if not due:
        return []
    when, kind = max(due)
    if not await claim(session, "order", order.id, kind.value, when, now):
        return []
    return [Alert(kind, order.master_id, order.id, extra={"at": at.isoformat()})]
