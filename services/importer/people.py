"""Imported people against the clients already stored: match by phone, create, or update.

A person whose phones some client uses now is that client (the one holding most of them);
a number another client uses now is never moved (`rules.decide_phone` says TAKEN). A new
number of a known client goes into their phone history; nothing is overwritten.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from services.importer.aggregate import Aggregate, PersonAgg
from services.importer.bulk import insert_rows, reserve_ids, select_in, update_rows
from services.importer.clean import Note
from services.storage.models import Client, ClientPhone

CLIENTS = Client.__table__
PHONES = ClientPhone.__table__


@dataclass
class PeoplePlan:
    client_of: dict[str, int] = field(default_factory=dict)  # person root → client id
    new_clients: list[tuple[Any, ...]] = field(default_factory=list)
    new_phones: list[tuple[Any, ...]] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    created: int = 0
    updated_ids: set[int] = field(default_factory=set)
    names: dict[int, str | None] = field(default_factory=dict)  # existing clients' names


async def plan_people(
    conn: AsyncConnection,
    agg: Aggregate,
    now: datetime,
    notes: list[Note],
    by_name: dict[str, int],
) -> PeoplePlan:
    """`by_name`: name keys of people without a phone → the stored client of that name on
    that car (see `cars.CarsState.name_keys`), so a re-run finds them again."""
    plan = PeoplePlan()
    holders = await _phone_holders(conn, agg)
    matched: dict[str, int] = {}
    for root, person in agg.people.items():
        votes = Counter(c for p in person.phones for c in holders.get(p, ()))
        if votes:
            matched[root] = min(votes, key=lambda c: (-votes[c], c))
        elif person.name_key is not None and person.name_key in by_name:
            matched[root] = by_name[person.name_key]
    existing = {
        row[0]: row
        for row in await select_in(
            conn,
            [CLIENTS.c.id, CLIENTS.c.full_name, CLIENTS.c.email],
            CLIENTS.c.id,
            set(matched.values()),
        )
    }
    plan.names = {cid: row[1] for cid, row in existing.items()}
    fresh = [root for root in agg.people if root not in matched]
    ids = iter(await reserve_ids(conn, CLIENTS, len(fresh)))
    for root, person in agg.people.items():
        client_id = matched.get(root)
        if client_id is None:
            client_id = next(ids)
            plan.created += 1
            plan.new_clients.append((client_id, person.name, person.email, now))
        else:
            _update_client(
                plan, existing[client_id], person.name, person.email, person.first_row, notes
            )
        plan.client_of[root] = client_id
        _plan_phones(plan, person, client_id, root in matched, holders, now, notes)
    return plan


async def _phone_holders(conn: AsyncConnection, agg: Aggregate) -> dict[str, list[int]]:
    """Phone → the stored clients using it now, for every phone the export names."""
    all_phones = [p for person in agg.people.values() for p in person.phones]
    holders: dict[str, list[int]] = {}
    for phone, client_id, retired_at in await select_in(
        conn,
        [PHONES.c.phone, PHONES.c.client_id, PHONES.c.retired_at],
        PHONES.c.phone,
        all_phones,
    ):
        if retired_at is None:
            holders.setdefault(phone, []).append(client_id)
    return holders


def _plan_phones(
    plan: PeoplePlan,
    person: PersonAgg,
    client_id: int,
    stored: bool,
    holders: dict[str, list[int]],
    now: datetime,
    notes: list[Note],
) -> None:
    """The person's phones nobody uses yet go to the client; a stored client's are noted."""
    for phone in person.phones:
        users = holders.get(phone, [])
        if client_id in users:
            continue
        if users:
            notes.append(Note(person.first_row, "phone", phone, "kept", "", "client.phone_taken"))
            continue
        holders[phone] = [client_id]
        plan.new_phones.append((client_id, phone, now))
        if stored:
            plan.updated_ids.add(client_id)
            notes.append(
                Note(
                    person.first_row, "phone", phone, "added", str(client_id), "client.phone_added"
                )
            )


def _update_client(
    plan: PeoplePlan,
    row: tuple[Any, ...],
    name: str | None,
    email: str | None,
    first_row: int,
    notes: list[Note],
) -> None:
    client_id, old_name, old_email = row
    change: dict[str, Any] = {}
    if name and name != old_name:
        change["full_name"] = name
        notes.append(
            Note(first_row, "name", old_name or "", "updated", name, "client.name_updated")
        )
    if email and email != old_email:
        change["email"] = email
        notes.append(
            Note(first_row, "email", old_email or "", "updated", email, "client.email_updated")
        )
    if change:
        plan.updates.append(
            {"b_id": client_id, "full_name": name or old_name, "email": email or old_email}
        )
        plan.updated_ids.add(client_id)
        plan.names[client_id] = name or old_name


async def write_people(conn: AsyncConnection, plan: PeoplePlan) -> None:
    await insert_rows(conn, CLIENTS, ("id", "full_name", "email", "created_at"), plan.new_clients)
    await insert_rows(conn, PHONES, ("client_id", "phone", "added_at"), plan.new_phones)
    await update_rows(conn, CLIENTS, ("full_name", "email"), plan.updates)
