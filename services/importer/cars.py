"""Imported cars and who owns or drives them, against what is stored.

Per car the export's most recent owner is the owner; earlier owners, and people the export
calls former owners, become closed owner rows (history); people the export calls drivers become
drivers. For a stored car an owner change goes through `services.clients.rules.
transfer_ownership`, as a master's would, and only when the export is newer than the stored
owner (a re-run, or an older export, changes nothing).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy.ext.asyncio import AsyncConnection

from services.clients import rules
from services.importer.aggregate import Aggregate, CarAgg, Link
from services.importer.bulk import insert_rows, reserve_ids, select_in, update_rows
from services.importer.clean import DRIVER, FORMER_OWNER, OWNER, Note
from services.storage.models import Car, CarRelation, Client, ClientPhone

CARS = Car.__table__
RELATIONS = CarRelation.__table__
CLIENTS = Client.__table__
PHONES = ClientPhone.__table__
_DETAILS = ("plate", "make", "model", "year")
_OWNED = (OWNER, FORMER_OWNER)  # links that are owner rows, open or closed (history)


@dataclass(slots=True)
class StoredRelation:
    """A stored relation row as `rules` reads it: an ORM object per row costs ten times more,
    and a re-run of a big export loads every relation of its cars."""

    id: int
    car_id: int
    client_id: int
    kind: str
    note: str | None
    since: datetime
    until: datetime | None


@dataclass
class CarsState:
    """What is stored for the export's cars: rows, relations, and the names of their people."""

    cars: dict[str, tuple[Any, ...]] = field(default_factory=dict)  # car key → (id, vin, …)
    relations: dict[int, list[CarRelation]] = field(default_factory=dict)
    name_keys: dict[str, int] = field(default_factory=dict)


@dataclass
class CarsPlan:
    new_cars: list[tuple[Any, ...]] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    new_relations: list[tuple[Any, ...]] = field(default_factory=list)
    closed: list[dict[str, Any]] = field(default_factory=list)
    owner_changes: list[tuple[int, int | None, int]] = field(default_factory=list)
    created: int = 0
    updated_ids: set[int] = field(default_factory=set)


async def load_cars(conn: AsyncConnection, agg: Aggregate) -> CarsState:
    state = CarsState()
    columns = [CARS.c.id, CARS.c.vin, CARS.c.plate, CARS.c.make, CARS.c.model, CARS.c.year]
    vins = [c.vin for c in agg.cars.values() if c.vin]
    for row in await select_in(conn, columns, CARS.c.vin, vins):
        state.cars[row[1]] = row
    plates = [c.plate for c in agg.cars.values() if c.vin is None and c.plate]
    for row in await select_in(conn, columns, CARS.c.plate, plates, CARS.c.vin.is_(None)):
        state.cars.setdefault(f"p:{row[2]}", row)  # the oldest car with the plate
    by_id = {row[0]: key for key, row in state.cars.items()}
    rel_columns = [
        RELATIONS.c[n] for n in ("id", "car_id", "client_id", "kind", "note", "since", "until")
    ]
    client_ids: set[int] = set()
    for rid, car_id, client_id, kind, note, since, until in await select_in(
        conn, rel_columns, RELATIONS.c.car_id, list(by_id)
    ):
        relation = cast(
            CarRelation,
            StoredRelation(rid, car_id, client_id, kind, note, _aware(since), _aware(until)),
        )
        state.relations.setdefault(car_id, []).append(relation)
        client_ids.add(client_id)
    names = dict(
        await select_in(conn, [CLIENTS.c.id, CLIENTS.c.full_name], CLIENTS.c.id, client_ids)
    )
    phoned = {
        r[0] for r in await select_in(conn, [PHONES.c.client_id], PHONES.c.client_id, client_ids)
    }
    for car_id, relations in state.relations.items():
        # Two people of one name on one car: the one without a phone (that is how the import
        # made them), then the current (latest) one, is meant.
        for relation in sorted(
            relations,
            key=lambda r: (r.client_id not in phoned, r.until is None, r.since),
        ):
            name = names.get(relation.client_id)
            if name:
                state.name_keys[f"n:{name.casefold()}|{by_id[car_id]}"] = relation.client_id
    return state


def plan_cars(
    agg: Aggregate,
    state: CarsState,
    client_of: dict[str, int],
    ids: list[int],
    now: datetime,
    notes: list[Note],
) -> CarsPlan:
    plan = CarsPlan()
    fresh_ids = iter(ids)
    for key, car in agg.cars.items():
        links = _resolved(agg, car.links, client_of)
        stored = state.cars.get(key)
        if stored is None:
            car_id = next(fresh_ids)
            plan.created += 1
            plan.new_cars.append((car_id, car.vin, car.plate, car.make, car.model, car.year, now))
            _relations_of_new_car(plan, car_id, links, now, notes)
            continue
        car_id = stored[0]
        _update_details(plan, stored, car, notes)
        _relations_of_stored_car(plan, car_id, state.relations.get(car_id, []), links, now, notes)
    return plan


def new_car_count(agg: Aggregate, state: CarsState) -> int:
    return sum(1 for key in agg.cars if key not in state.cars)


def _resolved(
    agg: Aggregate, links: list[Link], client_of: dict[str, int]
) -> list[tuple[int, str, datetime | None, int]]:
    """(client id, relation, date, row) per client, its most recent link only, oldest first."""
    latest: dict[int, tuple[Link, int]] = {}
    for link in links:
        client_id = client_of[agg.find(link.person)]
        seen = latest.get(client_id)
        if seen is None or link.rank >= seen[0].rank:
            latest[client_id] = (link, client_id)
    ordered = sorted(latest.values(), key=lambda pair: pair[0].rank)
    return [(cid, x.relation, _date(x.rank[0]), x.row) for x, cid in ordered]


def _relations_of_new_car(
    plan: CarsPlan,
    car_id: int,
    links: list[tuple[int, str, datetime | None, int]],
    now: datetime,
    notes: list[Note],
) -> None:
    owners = [x for x in links if x[1] == OWNER]
    current = owners[-1] if owners else None
    owner_id = current[0] if current else None
    chain = [x for x in links if x[1] in _OWNED]
    for i, link in enumerate(chain):
        client_id, _, since, row = link
        if link is current:
            plan.new_relations.append((car_id, client_id, OWNER, None, since or now, None))
            continue
        # Owned until the next owner's date; the last one in the export, until its own date.
        later = chain[i + 1][2] if i + 1 < len(chain) else since
        start = since or now
        plan.new_relations.append((car_id, client_id, OWNER, None, start, max(start, later or now)))
        notes.append(Note(row, "owner", str(client_id), "history", str(car_id), "car.former_owner"))
    for client_id, relation, since, row in links:
        if relation == DRIVER and client_id != owner_id:
            plan.new_relations.append((car_id, client_id, DRIVER, None, since or now, None))
            notes.append(
                Note(row, "driver", str(client_id), "added", str(car_id), "car.driver_added")
            )


def _relations_of_stored_car(
    plan: CarsPlan,
    car_id: int,
    relations: list[CarRelation],
    links: list[tuple[int, str, datetime | None, int]],
    now: datetime,
    notes: list[Note],
) -> None:
    owners = [x for x in links if x[1] == OWNER]
    had = {r.client_id for r in relations}
    if owners:
        _owner_of_stored_car(plan, car_id, relations, owners[-1], now, notes)
    for link in links:
        client_id, relation, since, row = link
        if relation not in _OWNED or (owners and link is owners[-1]) or client_id in had:
            continue
        plan.new_relations.append((car_id, client_id, OWNER, None, since or now, since or now))
        notes.append(Note(row, "owner", str(client_id), "history", str(car_id), "car.former_owner"))
    owner = owners[-1][0] if owners else None
    for client_id, relation, since, row in links:
        if relation != DRIVER or client_id == owner:
            continue
        if rules.standing(client_id, relations) in (
            rules.CarStanding.OWNER,
            rules.CarStanding.DRIVER,
        ):
            continue
        plan.new_relations.append((car_id, client_id, DRIVER, None, since or now, None))
        notes.append(Note(row, "driver", str(client_id), "added", str(car_id), "car.driver_added"))


def _owner_of_stored_car(
    plan: CarsPlan,
    car_id: int,
    relations: list[CarRelation],
    last_owner: tuple[int, str, datetime | None, int],
    now: datetime,
    notes: list[Note],
) -> None:
    """The export's last owner of a stored car: taken when the export is newer, else noted."""
    client_id, _, since, row = last_owner
    current = rules.current_owner(relations)
    if current is not None and current.client_id == client_id:
        return
    current_id = "" if current is None else str(current.client_id)
    if not _export_is_newer(client_id, since, current, relations):
        notes.append(Note(row, "owner", str(client_id), "kept", current_id, "car.owner_kept"))
        return
    before = {r.id: r.until for r in relations}
    opened = rules.transfer_ownership(car_id, relations, client_id, since or now)
    assert opened is not None
    plan.closed += [{"b_id": r.id, "until": r.until} for r in relations if r.until != before[r.id]]
    plan.new_relations.append((car_id, client_id, OWNER, None, opened.since, None))
    plan.owner_changes.append((car_id, None if current is None else current.client_id, client_id))
    plan.updated_ids.add(car_id)
    notes.append(Note(row, "owner", current_id, "changed", str(client_id), "car.owner_changed"))


def _export_is_newer(
    client_id: int,
    since: datetime | None,
    current: CarRelation | None,
    relations: list[CarRelation],
) -> bool:
    if current is None:
        return True
    if since is not None:
        return since > current.since
    # Undated: a person who was this car's owner before is older news than the stored owner.
    return not any(r.client_id == client_id and r.kind == OWNER for r in relations)


def _update_details(
    plan: CarsPlan, stored: tuple[Any, ...], car: CarAgg, notes: list[Note]
) -> None:
    car_id = stored[0]
    old = dict(zip(_DETAILS, stored[2:], strict=True))
    new = {name: getattr(car, name) for name in _DETAILS}
    changed = {n: v for n, v in new.items() if v is not None and v != old[n]}
    if not changed:
        return
    plan.updates.append({"b_id": car_id, **{n: changed.get(n, old[n]) for n in _DETAILS}})
    plan.updated_ids.add(car_id)
    for name, value in changed.items():
        notes.append(
            Note(
                car.first_row,
                name,
                "" if old[name] is None else str(old[name]),
                "updated",
                str(value),
                "car.updated",
            )
        )


async def write_cars(conn: AsyncConnection, plan: CarsPlan) -> None:
    await insert_rows(
        conn, CARS, ("id", "vin", "plate", "make", "model", "year", "created_at"), plan.new_cars
    )
    await update_rows(conn, CARS, _DETAILS, plan.updates)
    await update_rows(conn, RELATIONS, ("until",), plan.closed)
    await insert_rows(
        conn,
        RELATIONS,
        ("car_id", "client_id", "kind", "note", "since", "until"),
        plan.new_relations,
    )


async def reserve_car_ids(conn: AsyncConnection, count: int) -> list[int]:
    return await reserve_ids(conn, CARS, count)


def _date(iso: str) -> datetime | None:
    return datetime.fromisoformat(iso).replace(tzinfo=UTC) if iso else None


def _aware(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
