"""Reconciliation: the portal never retries a lost delivery, so the changes are listed.

Deals of our pipeline, car items and tasks modified since the watermark are read page by page
(`start=-1`, by id) and each goes through the same applier an event would. The watermark is
the start of the previous pass minus an overlap (portal and bot clocks differ a little); a
change seen twice is harmless because every applier compares before it changes anything.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.crm.bitrix24 import Bitrix24Client
from services.crm.inbound.context import Caught, Inbound
from services.crm.inbound.deals import apply_deal
from services.crm.inbound.entities import apply_car_item, apply_contact, apply_task
from services.storage.models import StageTask, SyncMark
from services.storage.unit_of_work import commit

OVERLAP = timedelta(minutes=10)
WATERMARK = "reconcile:watermark"
LAST_RUN = "reconcile:last_run"
LAST_CAUGHT = "reconcile:last_caught"


@dataclass
class LastReconciliation:
    at: datetime | None
    caught: dict[str, int]


async def reconcile(ib: Inbound, client: Bitrix24Client) -> dict[str, int]:
    """One pass; returns what it applied, by kind (also kept for the /sync screen)."""
    ib = replace(ib, caught=Caught())  # counts of this pass only
    started = ib.clock()
    async with ib.factory() as session:
        since = await _mark(session, WATERMARK)
    since_iso = since.isoformat() if since else None
    etid = ib.mapping.car_entity_type_id
    deal_filter: dict[str, object] = {"CATEGORY_ID": ib.mapping.category_id}
    item_filter: dict[str, object] = {}
    task_filter: dict[str, object] = {}
    if since_iso:
        deal_filter[">=DATE_MODIFY"] = since_iso
        item_filter[">=updatedTime"] = since_iso
        task_filter[">=CHANGED_DATE"] = since_iso
    items = client.iter_list(
        "crm.item.list",
        {"entityTypeId": etid, "filter": item_filter, "select": ["id", "contactId"]},
        id_field="id",
        items_key="items",
    )
    async for item in items:
        await apply_car_item(ib, int(item["id"]), etid)
        if item.get("contactId"):
            await apply_contact(ib, int(item["contactId"]))
    deals = client.iter_list("crm.deal.list", {"filter": deal_filter, "select": ["ID"]})
    async for deal in deals:
        await apply_deal(ib, int(deal["ID"]))
    ours = await _our_task_ids(ib)
    if ours:
        tasks = client.iter_list(
            "tasks.task.list",
            {"filter": task_filter, "select": ["ID", "STATUS"]},
            items_key="tasks",
        )
        async for task in tasks:
            task_id = int(task.get("id") or task.get("ID"))
            if task_id in ours:
                await apply_task(ib, task_id)
    caught = dict(ib.caught.counts)
    async with ib.factory() as session:
        await _set(session, WATERMARK, (started - OVERLAP).isoformat(), started)
        await _set(session, LAST_RUN, started.isoformat(), started)
        await _set(session, LAST_CAUGHT, json.dumps(caught, sort_keys=True), started)
        await commit(session)
    return caught


async def last_reconciliation(session: AsyncSession) -> LastReconciliation:
    at = await _mark(session, LAST_RUN)
    row = await session.get(SyncMark, LAST_CAUGHT)
    caught = json.loads(row.value) if row is not None else {}
    return LastReconciliation(at, caught)


async def _our_task_ids(ib: Inbound) -> set[int]:
    async with ib.factory() as session:
        rows = await session.scalars(
            select(StageTask.bitrix_task_id).where(StageTask.bitrix_task_id.is_not(None))
        )
        return {int(r) for r in rows.all() if r is not None}


async def _mark(session: AsyncSession, key: str) -> datetime | None:
    row = await session.get(SyncMark, key)
    return datetime.fromisoformat(row.value) if row is not None else None


async def _set(session: AsyncSession, key: str, value: str, now: datetime) -> None:
    row = await session.get(SyncMark, key)
    if row is None:
        session.add(SyncMark(key=key, value=value, updated_at=now))
    else:
        row.value = value
        row.updated_at = now
