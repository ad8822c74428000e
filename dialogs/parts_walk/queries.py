"""Reads the parts walk needs that `OrderQueries` does not offer. Never writes."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.errors import NotFound
from services.storage.models import Order, OrderPart

RECENT_VENDORS = 4


async def recent_vendors(session: AsyncSession, limit: int = RECENT_VENDORS) -> list[str]:
    """The vendors the shop priced parts with most recently, newest first, each once."""
    newest = func.max(OrderPart.id)
    rows = await session.execute(
        select(OrderPart.vendor, newest)
        .where(OrderPart.vendor.is_not(None), OrderPart.vendor != "")
        .group_by(OrderPart.vendor)
        .order_by(newest.desc())
        .limit(limit)
    )
    return [vendor for vendor, _ in rows]


async def load_order(session: AsyncSession, order_id: int) -> Order:
    """The order with its parts as they are now (another person may have changed them)."""
    order = await session.get(Order, order_id, populate_existing=True)
    if order is None:
        raise NotFound("order-error-not-found", order_id=order_id)
    return order
