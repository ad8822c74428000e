"""The client and car rules as plain functions over loaded rows.

They take normalised values and rows already read from the database and decide, without
touching the session, so the dialog, the bulk importer and the Bitrix24 sync share them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum

from services.errors import DomainError
from services.storage.models import CarRelation, ClientPhone

OWNER = "owner"
DRIVER = "driver"


class PhoneDecision(StrEnum):
    ALREADY_CURRENT = "already_current"  # this client uses the number now: nothing to do
    ADD = "add"  # new for this client (or used before and retired): append a row
    TAKEN = "taken"  # another client uses the number now: refuse, never move it silently


class CarStanding(StrEnum):
    """How a client stands to a car, from the car's current relations."""

    OWNER = "owner"
    DRIVER = "driver"
    OTHER_OWNER = "other_owner"
    UNCLAIMED = "unclaimed"  # nobody owns it now (imported, or its owner was removed)


def decide_phone(client_id: int | None, rows_with_number: Sequence[ClientPhone]) -> PhoneDecision:
    """`rows_with_number`: every ClientPhone row, of any client, holding the number."""
    current = [row for row in rows_with_number if row.retired_at is None]
    if any(row.client_id == client_id for row in current):
        return PhoneDecision.ALREADY_CURRENT
    # A number retired by someone else may be reused: operators recycle numbers.
    if current:
        return PhoneDecision.TAKEN
    return PhoneDecision.ADD


def current(relations: Sequence[CarRelation]) -> list[CarRelation]:
    return [r for r in relations if r.until is None]


def current_owner(relations: Sequence[CarRelation]) -> CarRelation | None:
    owners = [r for r in current(relations) if r.kind == OWNER]
    # Two open owner rows can only come from a race; the newest one wins.
    return max(owners, key=lambda r: (r.since, r.id or 0)) if owners else None


def standing(client_id: int, relations: Sequence[CarRelation]) -> CarStanding:
    owner = current_owner(relations)
    if owner is not None and owner.client_id == client_id:
        return CarStanding.OWNER
    if any(r.kind == DRIVER and r.client_id == client_id for r in current(relations)):
        return CarStanding.DRIVER
    return CarStanding.OTHER_OWNER if owner is not None else CarStanding.UNCLAIMED


def transfer_ownership(
    car_id: int,
    relations: Sequence[CarRelation],
    new_owner_id: int,
    at: datetime,
    *,
    keep_drivers: bool = False,
) -> CarRelation | None:
    """Close the open owner row (and drivers) at `at`; return the new owner row to add.

    Returns None when `new_owner_id` already owns the car. Drivers are closed by default
    because they drove with the previous owner's consent; the new owner's own driver row is
    always closed, as they now hold the car as owner. Closed rows stay as history.
    """
    owner = current_owner(relations)
    if owner is not None and owner.client_id == new_owner_id:
        return None
    for relation in current(relations):
        if relation.kind == OWNER or (
            relation.kind == DRIVER and (not keep_drivers or relation.client_id == new_owner_id)
        ):
            relation.until = at
    return CarRelation(car_id=car_id, client_id=new_owner_id, kind=OWNER, since=at)


def new_driver(
    car_id: int,
    relations: Sequence[CarRelation],
    client_id: int,
    note: str | None,
    at: datetime,
) -> CarRelation | None:
    """The driver row to add, or None when the client already drives the car.

    An owner is never also a driver, so that case is refused.
    """
    found = standing(client_id, relations)
    if found is CarStanding.OWNER:
        raise DomainError("car-error-driver-is-owner")
    if found is CarStanding.DRIVER:
        return None
    return CarRelation(car_id=car_id, client_id=client_id, kind=DRIVER, note=note, since=at)


def clean_name(raw: str | None, max_length: int) -> str | None:
    """Collapse whitespace; an empty name is no name."""
    if raw is None:
        return None
    name = " ".join(raw.split())
    return name[:max_length] or None


def clean_note(raw: str | None, max_length: int) -> str | None:
    return clean_name(raw, max_length)
