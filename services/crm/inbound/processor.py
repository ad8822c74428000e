"""Applies what the inbox holds, one event at a time, each through its applier.

An event that fails for a passing reason (the portal did not answer) stays pending and is tried
again next pass, up to `inbox.MAX_ATTEMPTS`; reconciliation catches anything still missed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import structlog

from services.crm.bitrix24 import Bitrix24Error
from services.crm.inbound import inbox
from services.crm.inbound.context import Inbound
from services.crm.inbound.deals import apply_deal
from services.crm.inbound.entities import apply_car_item, apply_contact, apply_task

log = structlog.get_logger(__name__)

Applier = Callable[[Inbound, int, Mapping[str, Any]], Awaitable[str]]


async def _deal(ib: Inbound, entity_id: int, _payload: Mapping[str, Any]) -> str:
    return await apply_deal(ib, entity_id)


async def _task(ib: Inbound, entity_id: int, _payload: Mapping[str, Any]) -> str:
    return await apply_task(ib, entity_id)


async def _contact(ib: Inbound, entity_id: int, _payload: Mapping[str, Any]) -> str:
    return await apply_contact(ib, entity_id)


async def _item(ib: Inbound, entity_id: int, payload: Mapping[str, Any]) -> str:
    fields = (payload.get("data") or {}).get("FIELDS") or {}
    try:
        etid: int | None = int(fields.get("ENTITY_TYPE_ID"))
    except (TypeError, ValueError):
        etid = None
    return await apply_car_item(ib, entity_id, etid)


APPLIERS: dict[str, Applier] = {
    "ONCRMDEALADD": _deal,
    "ONCRMDEALUPDATE": _deal,
    "ONTASKUPDATE": _task,
    "ONCRMCONTACTUPDATE": _contact,
    "ONCRMDYNAMICITEMUPDATE": _item,
}
# The events the portal's outgoing webhook must have ticked (printed by setup, in the README).
EVENTS = tuple(APPLIERS)


def applier_for(event: str) -> Applier | None:
    name = event.upper()
    if name.startswith("ONCRMDYNAMICITEMUPDATE_"):  # the per-type variant of the same event
        name = "ONCRMDYNAMICITEMUPDATE"
    return APPLIERS.get(name)


async def process_pending(ib: Inbound, limit: int = 50) -> int:
    """Apply the pending events, oldest first; returns how many were taken."""
    async with ib.factory() as session:
        rows = [
            (r.id, r.event, r.entity_id, r.payload or {})
            for r in await inbox.take(session, ib.clock(), limit)
        ]
    for event_id, event, entity_id, payload in rows:
        async with ib.factory() as session:
            held = await inbox.claim(session, event_id, ib.clock())
        if held is None:
            continue  # another process has it
        outcome, failed = await _apply_one(ib, event, entity_id, payload)
        async with ib.factory() as session:
            await inbox.finish(session, event_id, ib.clock(), outcome, held=held, failed=failed)
        log.info("inbound.event", inbox_id=event_id, b24_event=event, outcome=outcome[:120])
    return len(rows)


async def _apply_one(
    ib: Inbound, event: str, entity_id: int | None, payload: Mapping[str, Any]
) -> tuple[str, bool]:
    applier = applier_for(event)
    if applier is None or entity_id is None:
        return "ignored", False
    try:
        return await applier(ib, entity_id, payload), False
    except Bitrix24Error as exc:
        return f"portal: {type(exc).__name__}", True
    except Exception as exc:  # one bad event must not stop the others
        log.exception("inbound.failed", b24_event=event, entity_id=entity_id)
        return f"error: {type(exc).__name__}", True
