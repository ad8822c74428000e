"""Orders of a period as CSV (opened or closed in it), money summed in SQL per order.

No client phone numbers: the file leaves the bot and may travel further.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.orders.parts import PART_UNAVAILABLE
from services.reports.period import Period
from services.storage import unit_of_work
from services.storage.models import Employee, Order, OrderPart, WorkLine

COLUMNS = (
    "order",
    "created",
    "stage",
    "closed",
    "master",
    "parts-sale",
    "parts-cost",
    "labour",
    "cancel-reason",
)


def _local(value: datetime | None, period: Period) -> str:
    return value.astimezone(period.tz).strftime("%d.%m.%Y %H:%M") if value else ""


def _query(period: Period) -> Select[Any]:
    """Orders opened or closed in the period, with their master and money totals."""
    parts = (
        select(
            OrderPart.order_id,
            func.sum(func.coalesce(OrderPart.sale_price, 0) * OrderPart.quantity).label("sale"),
            func.sum(func.coalesce(OrderPart.purchase_price, 0) * OrderPart.quantity).label("cost"),
        )
        .where(OrderPart.status != PART_UNAVAILABLE)
        .group_by(OrderPart.order_id)
        .subquery()
    )
    works = (
        select(WorkLine.order_id, func.sum(WorkLine.cost).label("labour"))
        .group_by(WorkLine.order_id)
        .subquery()
    )
    return (
        select(Order, Employee.full_name, parts.c.sale, parts.c.cost, works.c.labour)
        .outerjoin(Employee, Employee.id == Order.master_id)
        .outerjoin(parts, parts.c.order_id == Order.id)
        .outerjoin(works, works.c.order_id == Order.id)
        .where(
            or_(
                (Order.created_at >= period.start) & (Order.created_at < period.end),
                (Order.closed_at >= period.start) & (Order.closed_at < period.end),
            )
        )
        .order_by(Order.id)
    )


async def orders_csv(
    session: AsyncSession,
    period: Period,
    text: Callable[[str], str],
    stage: Callable[[str], str],
) -> bytes:
    query = _query(period)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")  # Excel in a Russian locale expects ';'
    writer.writerow([text(f"col-{c}") for c in COLUMNS])
    for order, master, sale, cost, labour in await session.execute(query):
        writer.writerow(
            [
                order.id,
                _local(order.created_at, period),
                stage(order.stage),
                _local(order.closed_at, period),
                master or "",
                f"{float(sale or 0):.2f}",
                f"{float(cost or 0):.2f}",
                f"{float(labour or 0):.2f}",
                order.cancel_reason or "",
            ]
        )
    await unit_of_work.commit(session)
    # A BOM so Excel opens the Cyrillic text as UTF-8.
    return buffer.getvalue().encode("utf-8-sig")
