"""Creates that are never doubled: after an ambiguous failure, look the entity up by our own id.

A 500 or a dropped connection after `crm.deal.add` does not say whether the deal exists. Sending
the add again is how naive clients double contacts and deals, so we first search by the id we
put on it (`ORIGIN_ID` on old crm entities, `xmlId` on smart-process items) and only create
again when nothing is there.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Protocol, TypeVar

from services.crm.bitrix24.errors import Bitrix24Error, Bitrix24NetworkError

T = TypeVar("T")

# The cloud ends every request within 60 s (contract §1, §4): after that an add we gave up on
# has either happened or never will, so a lookup then tells the truth.
PORTAL_REQUEST_CAP = 60.0


class Caller(Protocol):
    async def call(
        self,
        method: str,
        params: Mapping[str, Any] | None = None,
        *,
        idempotent: bool | None = None,
    ) -> Any: ...


async def create_once(
    create: Callable[[], Awaitable[T]],
    find: Callable[[], Awaitable[T | None]],
    *,
    attempts: int = 3,
    settle: float = PORTAL_REQUEST_CAP,
) -> T:
    """`create()`, and after a failure that may have executed, `find()` before creating again.

    After a timeout the portal may still be running the add, so the lookup waits until `settle`
    seconds have passed since that attempt began.
    """
    for attempt in range(1, attempts + 1):
        started = time.monotonic()
        try:
            return await create()
        except Bitrix24Error as exc:
            if not exc.maybe_executed or attempt == attempts:
                raise
            if _timed_out(exc):
                await asyncio.sleep(max(0.0, started + settle - time.monotonic()))
            found = await find()
            if found is not None:
                return found
    raise AssertionError("unreachable")


def _timed_out(exc: Bitrix24Error) -> bool:
    return isinstance(exc, Bitrix24NetworkError) and exc.timed_out


async def find_by_origin(client: Caller, entity: str, origin_id: str) -> int | None:
    """Id of the old-crm entity (`deal`, `contact`, `company`, `lead`) with this ORIGIN_ID."""
    rows = await client.call(
        f"crm.{entity}.list", {"filter": {"ORIGIN_ID": origin_id}, "select": ["ID"]}
    )
    return int(rows[0]["ID"]) if rows else None


async def find_item_by_xml_id(client: Caller, entity_type_id: int, xml_id: str) -> int | None:
    """Id of the smart-process item with this xmlId."""
    result = await client.call(
        "crm.item.list",
        {"entityTypeId": entity_type_id, "filter": {"xmlId": xml_id}, "select": ["id"]},
    )
    items = result.get("items") if isinstance(result, dict) else None
    return int(items[0]["id"]) if items else None


async def add_once(
    client: Caller,
    entity: str,
    fields: Mapping[str, Any],
    *,
    settle: float = PORTAL_REQUEST_CAP,
    params: Mapping[str, Any] | None = None,
) -> int:
    """`crm.{entity}.add` that never creates a second copy; `fields` must carry ORIGIN_ID."""
    origin_id = fields.get("ORIGIN_ID")
    if not origin_id:
        raise ValueError("fields need ORIGIN_ID, our own id, to find the entity after a failure")
    body: dict[str, Any] = {"fields": dict(fields)}
    if params:
        body["params"] = dict(params)

    async def create() -> int:
        return int(await client.call(f"crm.{entity}.add", body))

    return await create_once(
        create, lambda: find_by_origin(client, entity, str(origin_id)), settle=settle
    )


async def add_item_once(
    client: Caller,
    entity_type_id: int,
    fields: Mapping[str, Any],
    *,
    settle: float = PORTAL_REQUEST_CAP,
) -> int:
    """`crm.item.add` that never creates a second copy; `fields` must carry xmlId."""
    xml_id = fields.get("xmlId")
    if not xml_id:
        raise ValueError("fields need xmlId, our own id, to find the item after a failure")
    body = {"entityTypeId": entity_type_id, "fields": dict(fields), "useOriginalUfNames": "Y"}

    async def create() -> int:
        result = await client.call("crm.item.add", body)
        return int(result["item"]["id"])

    return await create_once(
        create, lambda: find_item_by_xml_id(client, entity_type_id, str(xml_id)), settle=settle
    )
