"""Client ↔ contact. Before creating, find the contact by our ORIGIN_ID and by phone
(`crm.duplicate.findbycomm`): the shop's Bitrix24 already holds most of its clients. A new
number is appended to the contact, never written over the ones it has."""

from __future__ import annotations

from typing import Any

from services.crm.mirror.context import Cycle
from services.crm.mirror.pipe import Call
from services.crm.mirror.snapshot import ClientView
from services.crm.outbox.kinds import Entity

ORIGINATOR = "stobot"


def origin_id(client_id: int) -> str:
    return f"stobot-client-{client_id}"


async def sync_contact(cx: Cycle, client: ClientView) -> int:
    contact_id = cx.links.current(Entity.CLIENT, client.id)
    created = False
    if contact_id is None:
        contact_id = await _find(cx, client)
    if contact_id is None:
        contact_id = int(await cx.pipe.call("crm.contact.add", {"fields": _new_fields(client)}))
        created = True
    cx.links.learn(Entity.CLIENT, client.id, contact_id)
    if not created:
        await _update(cx, client, contact_id)
    return contact_id


async def _find(cx: Cycle, client: ClientView) -> int | None:
    calls = [
        Call("crm.contact.list", {"filter": {"ORIGIN_ID": origin_id(client.id)}, "select": ["ID"]})
    ]
    if client.phones:
        calls.append(
            Call(
                "crm.duplicate.findbycomm",
                {"type": "PHONE", "values": client.phones[:20], "entity_type": "CONTACT"},
            )
        )
    outcome = await cx.pipe.chain(calls)
    if outcome.error is not None:
        raise outcome.error
    ours = outcome.results[0]
    if ours:
        return int(ours[0]["ID"])
    if len(outcome.results) > 1:
        found = outcome.results[1]
        ids = found.get("CONTACT") if isinstance(found, dict) else None
        if ids:
            # Several contacts share the number: the oldest is the one the shop has kept.
            return min(int(i) for i in ids)
    return None


def _new_fields(client: ClientView) -> dict[str, Any]:
    return {
        "NAME": client.name,
        "PHONE": [{"VALUE": p, "VALUE_TYPE": "MOBILE"} for p in client.phones],
        "ORIGINATOR_ID": ORIGINATOR,
        "ORIGIN_ID": origin_id(client.id),
        "SOURCE_ID": "OTHER",
    }


async def _update(cx: Cycle, client: ClientView, contact_id: int) -> None:
    current = await cx.pipe.call("crm.contact.get", {"id": contact_id})
    have = {_digits(p.get("VALUE", "")) for p in current.get("PHONE") or []}
    fields: dict[str, Any] = {}
    new = [p for p in client.phones if _digits(p) not in have]
    if new:
        # Entries without an ID are appended by the portal (contract §8).
        fields["PHONE"] = [{"VALUE": p, "VALUE_TYPE": "MOBILE"} for p in new]
    if client.name and not (current.get("NAME") or "").strip():
        fields["NAME"] = client.name
    if fields:
        await cx.pipe.call("crm.contact.update", {"id": contact_id, "fields": fields})


def _digits(phone: str) -> str:
    return "".join(ch for ch in str(phone) if ch.isdigit())
