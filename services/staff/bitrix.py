"""The portal's users, for linking an employee to the Bitrix24 user their tasks land on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

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
