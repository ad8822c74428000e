"""The portal's users, for linking an employee to the Bitrix24 user their tasks land on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

import structlog

from services.crm.bitrix24 import Bitrix24Client, Bitrix24Settings

log = structlog.get_logger(__name__)
MAX_USERS = 30


class PortalCaller(Protocol):
    async def call(self, method: str, params: dict[str, Any] | None = None) -> Any: ...


@dataclass(frozen=True)
class PortalUser:
    id: int
    name: str


async def portal_users(client: PortalCaller) -> list[PortalUser]:
    """Active users from `user.get`, by name; the first page is enough for a shop."""
    result = await client.call("user.get", {"FILTER": {"ACTIVE": True}})
    users = []
    for item in result or []:
        name = " ".join(p for p in (item.get("NAME"), item.get("LAST_NAME")) if p).strip()
        users.append(PortalUser(int(item["ID"]), name or str(item["ID"])))
    return sorted(users, key=lambda u: u.name)[:MAX_USERS]


async def portal_users_or_none(settings: Bitrix24Settings) -> list[PortalUser] | None:
    """The portal's users to pick from, or None when it is off or does not answer: the id
    is typed then."""
    if not settings.enabled:
        return None
    try:
        async with Bitrix24Client.from_settings(settings) as client:
            return await portal_users(client)
    except Exception:  # the portal is optional: the director types the id instead
        log.warning("staff.bitrix_users_failed", exc_info=True)
        return None
