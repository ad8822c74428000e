"""Product rows added to a deal in the CRM while its parts are still being priced.

Read from the portal only while the order's parts list is open; `from_crm.add_crm_parts`
decides which rows become parts. At later stages the parts list is settled in the bot, so
rows added in the CRM are not taken in and the deal gets the bot's rows back (`money`).
"""

from __future__ import annotations

from sqlalchemy import select

from services.crm.inbound.context import Inbound
from services.crm.inbound.reading import read_rows
from services.orders import from_crm
from services.storage.models import Order


async def take_in_rows(ib: Inbound, order_id: int) -> str:
    async with ib.factory() as session:
        deal_id = await session.scalar(
            select(Order.bitrix_deal_id).where(
                Order.id == order_id, Order.stage.in_(from_crm.OPEN_FOR_PARTS)
            )
        )
    if deal_id is None:
        return ""
    rows = await read_rows(ib, deal_id)
    async with ib.factory() as session:
        added = await from_crm.add_crm_parts(session, order_id, rows)
    for _ in range(added):
        ib.caught.add("part_added")
    return f"{added} part(s) added" if added else ""
