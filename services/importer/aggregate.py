"""Folding clean rows into people and cars: one client per person, one car per VIN.

People are joined by phone across rows (row 1 has A and B, row 7 has B and C: one person with
A, B and C) with a union-find; a person without any phone is known only by name on their car.
Cars are keyed by VIN, else by plate. What is kept is the latest by last visit date, then by
row order (a later row of an export is newer). Memory grows with people and cars, not rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from services.importer.clean import OWNER, CleanRow, Note

Rank = tuple[str, int]  # (ISO last visit or "", row number): larger is more recent
_NO_RANK: Rank = ("", 0)


@dataclass(slots=True)
class PersonAgg:
    first_row: int
    rank: Rank
    name: str | None = None
    name_rank: Rank = _NO_RANK
    email: str | None = None
    email_rank: Rank = _NO_RANK
    phones: list[str] = field(default_factory=list)  # first seen first
    name_key: str | None = None  # set for a person known by no phone

    def absorb(self, other: PersonAgg) -> None:
        self.first_row = min(self.first_row, other.first_row)
        self.rank = max(self.rank, other.rank)
        if other.name and other.name_rank >= self.name_rank:
            self.name, self.name_rank = other.name, other.name_rank
        if other.email and other.email_rank >= self.email_rank:
            self.email, self.email_rank = other.email, other.email_rank
        self.phones.extend(p for p in other.phones if p not in self.phones)


@dataclass(slots=True)
class Link:
    person: str  # any key of the person (a phone or a name key); resolved at the end
    relation: str
    rank: Rank
    row: int


@dataclass(slots=True)
class CarAgg:
    first_row: int
    vin: str | None
    plate: str | None
    rank: Rank
    make: str | None = None
    model: str | None = None
    year: int | None = None
    mileage: int | None = None
    links: list[Link] = field(default_factory=list)


class Aggregate:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.people: dict[str, PersonAgg] = {}  # root key → person
        self.cars: dict[str, CarAgg] = {}
        self.rows = 0
        self.merged_rows = 0
        self._merged_person = False

    def add(self, row: CleanRow, notes: list[Note]) -> None:
        self.rows += 1
        rank: Rank = (row.visit or "", row.row)
        car_key = row.vin or (f"p:{row.plate}" if row.plate else None)
        person_key = self._person(row, rank, car_key, notes)
        merged = person_key is not None and self._merged_person
        if car_key is not None:
            car = self.cars.get(car_key)
            if car is None:
                car = self.cars[car_key] = CarAgg(row.row, row.vin, row.plate, rank)
            else:
                merged = True
                notes.append(
                    Note(
                        row.row,
                        "car",
                        row.vin or row.plate or "",
                        "merged",
                        f"row {car.first_row}",
                        "merge.car",
                    )
                )
            _update_car(car, row, rank)
            if person_key is not None:
                car.links.append(Link(person_key, row.relation, rank, row.row))
        self.merged_rows += merged

    def _person(
        self, row: CleanRow, rank: Rank, car_key: str | None, notes: list[Note]
    ) -> str | None:
        self._merged_person = False
        if row.phones:
            keys = list(row.phones)
        elif row.name and car_key is not None:
            keys = [self._named_on_car(row.name, car_key)]
        else:
            return None
        if len(keys) > 1:
            return self._person_of_keys(row, rank, keys, notes)
        # Fast paths: one key, either new or belonging to one known person.
        key = keys[0]
        if key not in self.parent:
            self.parent[key] = key
            self.people[key] = self._new_person(row, rank, key)
            return key
        person = self.people[self.find(key)]
        self._merged_person = True
        notes.append(_merge_note(row, person.first_row))
        if rank > person.rank:
            person.rank = rank
        if row.name and rank >= person.name_rank:
            person.name, person.name_rank = row.name, rank
        if row.email and rank >= person.email_rank:
            person.email, person.email_rank = row.email, rank
        return key

    @staticmethod
    def _new_person(row: CleanRow, rank: Rank, key: str) -> PersonAgg:
        # A missing name or e-mail has no rank: any real one, however old, beats it.
        person = PersonAgg(
            row.row,
            rank,
            row.name,
            rank if row.name else _NO_RANK,
            row.email,
            rank if row.email else _NO_RANK,
            list(row.phones),
        )
        if not row.phones and key.startswith("n:"):
            person.name_key = key
        return person

    def _person_of_keys(self, row: CleanRow, rank: Rank, keys: list[str], notes: list[Note]) -> str:
        """A row with several phones: one person, joining everyone any of them belongs to."""
        fresh = PersonAgg(row.row, rank, phones=list(row.phones))
        if row.name:
            fresh.name, fresh.name_rank = row.name, rank
        if row.email:
            fresh.email, fresh.email_rank = row.email, rank
        if not row.phones and keys[0].startswith("n:"):
            fresh.name_key = keys[0]
        roots = {self.find(k) for k in keys if k in self.parent}
        if roots:
            self._merged_person = True
            notes.append(_merge_note(row, min(self.people[r].first_row for r in roots)))
        root = keys[0]
        for k in keys:
            self.parent.setdefault(k, k)
        target = self.find(root)
        person = self.people.get(target)
        if person is None:
            person = self.people[target] = fresh
        else:
            person.absorb(fresh)
        for k in keys[1:] + sorted(roots):
            self._union(target, k)
        return root

    def release(self) -> None:
        """Drop people and cars (counts stay): the store phase has made its plans."""
        self.parent, self.people, self.cars = {}, {}, {}

    def _named_on_car(self, name: str, car_key: str) -> str:
        """A phone-less row is the person of that name already linked to the car, if any."""
        car = self.cars.get(car_key)
        folded = name.casefold()
        for link in reversed(car.links if car is not None else []):
            person = self.people.get(self.find(link.person))
            if person is not None and person.name and person.name.casefold() == folded:
                return link.person
        return f"n:{folded}|{car_key}"

    def find(self, key: str) -> str:
        parent = self.parent
        root = key
        while parent[root] != root:
            root = parent[root]
        while parent[key] != root:  # path compression keeps later finds short
            parent[key], key = root, parent[key]
        return root

    def _union(self, root: str, key: str) -> None:
        other = self.find(key)
        if other == root:
            return
        self.parent[other] = root
        absorbed = self.people.pop(other, None)
        if absorbed is not None:
            self.people[root].absorb(absorbed)


def _update_car(car: CarAgg, row: CleanRow, rank: Rank) -> None:
    newer = rank >= car.rank
    if newer:
        car.rank = rank
    for name in ("plate", "make", "model", "year"):
        value = getattr(row, name)
        if value is not None and (newer or getattr(car, name) is None):
            setattr(car, name, value)
    if row.mileage is not None:
        car.mileage = max(car.mileage or 0, row.mileage)


def owners_first(links: list[Link]) -> list[Link]:
    """Owner links, most recent last."""
    return sorted((x for x in links if x.relation == OWNER), key=lambda x: x.rank)


def _merge_note(row: CleanRow, first_row: int) -> Note:
    """The report's line for a row whose client is one met before, at `first_row`."""
    return Note(
        row.row,
        "client",
        row.phones[0] if row.phones else row.name or "",
        "merged",
        f"row {first_row}",
        "merge.client",
    )
