"""Which car the master means, and what to do when it is someone else's.

`resolve` only reads and tells the dialog what to ask; `apply` carries out the answer
after checking that nothing moved since (another master may have acted meanwhile).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from enum import StrEnum
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.clients import rules
from services.clients.car_service import CarService
from services.clients.decoding import VinDecoder, default_decoder
from services.clients.rules import CarStanding
from services.clock import Clock, system_clock
from services.errors import DomainError, StaleAction
from services.normalize.phone_format import mask_phone
from services.storage.models import Car, Client, Employee

# A client not saved yet owns and drives nothing: resolving for id 0 tells the same story.
UNSAVED_CLIENT = 0


class ResolutionKind(StrEnum):
    EXISTING_OWNED = "existing_owned"  # the client owns or drives it: use it
    BELONGS_TO_OTHER = "belongs_to_other"  # ask: owner changed, or a driver, (or another car)
    UNCLAIMED = "unclaimed"  # found but nobody owns it now: make the client owner (or driver)
    NOT_FOUND = "not_found"  # create it; make/model/year hold what the VIN decodes to


class Answer(StrEnum):
    USE = "use"  # EXISTING_OWNED
    OWNER_CHANGED = "owner_changed"  # BELONGS_TO_OTHER, UNCLAIMED
    DRIVER = "driver"  # BELONGS_TO_OTHER, UNCLAIMED
    CREATE = "create"  # NOT_FOUND; or a plate-only match that is in fact another car


ALLOWED: dict[ResolutionKind, frozenset[Answer]] = {
    ResolutionKind.EXISTING_OWNED: frozenset({Answer.USE}),
    ResolutionKind.BELONGS_TO_OTHER: frozenset({Answer.OWNER_CHANGED, Answer.DRIVER}),
    ResolutionKind.UNCLAIMED: frozenset({Answer.OWNER_CHANGED, Answer.DRIVER}),
    ResolutionKind.NOT_FOUND: frozenset({Answer.CREATE}),
}


@dataclass(frozen=True)
class CarResolution:
    """Plain values only, so the dialog can keep it in its state (`to_dict`/`from_dict`)."""

    kind: ResolutionKind
    vin: str | None  # as the master gave it
    plate: str | None  # as the master gave it
    car_id: int | None = None
    matched_by: str | None = None  # "vin" | "plate": a plate match may be another car
    make: str | None = None  # the car's, or decoded from the VIN when NOT_FOUND
    model: str | None = None
    year: int | None = None
    car_plate: str | None = None  # what is stored, to offer a correction when it differs
    relation: str | None = None  # EXISTING_OWNED: "owner" | "driver"
    fill_vin: bool = False  # EXISTING_OWNED by plate with no VIN stored: `use` stores it
    other_client_id: int | None = None
    other_client_name: str | None = None
    other_client_phone_masked: str | None = None

    @property
    def plate_differs(self) -> bool:
        return self.plate is not None and self.car_id is not None and self.plate != self.car_plate

    @property
    def answers(self) -> frozenset[Answer]:
        extra = {Answer.CREATE} if self.matched_by == "plate" and self._not_theirs else set()
        return ALLOWED[self.kind] | extra

    @property
    def _not_theirs(self) -> bool:
        return self.kind in (ResolutionKind.BELONGS_TO_OTHER, ResolutionKind.UNCLAIMED)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CarResolution:
        return cls(**{**data, "kind": ResolutionKind(data["kind"])})


@dataclass(frozen=True)
class CarAnswer:
    """The master's answer about the car `resolve` described, with what carrying it out needs."""

    resolution: CarResolution
    answer: Answer
    note: str | None = None  # DRIVER: who they are to the owner («сын», «брат»…)
    make: str | None = None  # CREATE: as typed, or decoded from the VIN
    model: str | None = None
    year: int | None = None


class CarResolver:
    def __init__(
        self,
        session: AsyncSession,
        clock: Clock = system_clock,
        decoder: VinDecoder = default_decoder,
    ) -> None:
        """`apply` and `carry_out` leave the car's change in the session's transaction for the
        calling use case to commit with its own."""
        self.session = session
        self.cars = CarService(session, clock, decoder)

    async def resolve(
        self, client_id: int, *, vin: str | None = None, plate: str | None = None
    ) -> CarResolution:
        """Find the car by VIN (certain) or else by plate (a guess) and say how it stands."""
        if vin is None and plate is None:
            raise DomainError("car-error-no-identifier")
        blank = CarResolution(kind=ResolutionKind.NOT_FOUND, vin=vin, plate=plate)
        if vin is not None:
            cars = await self.cars.find_by_vin_or_plate(vin, plate)
            car = next((c for c in cars if c.vin == vin), None)
            if car is not None:
                return await self._describe(blank, client_id, car, "vin")
            # A car of theirs known only by plate is the same car, now with its VIN.
            for candidate in cars:  # the rest carry the plate
                if candidate.vin is None and await self._theirs(client_id, candidate):
                    found = await self._describe(blank, client_id, candidate, "plate")
                    return replace(found, fill_vin=True)
            make, model, year = self.cars.decode(vin)
            return replace(blank, make=make, model=model, year=year)
        candidates = await self._plate_candidates(plate)
        for candidate in candidates:
            if await self._theirs(client_id, candidate):
                return await self._describe(blank, client_id, candidate, "plate")
        if candidates:
            return await self._describe(blank, client_id, candidates[0], "plate")
        return blank

    async def apply(
        self,
        resolution: CarResolution,
        client_id: int,
        answer: Answer,
        *,
        note: str | None = None,
        make: str | None = None,
        model: str | None = None,
        year: int | None = None,
        actor: Employee | None = None,
    ) -> Car:
        """Carry out the master's answer; refused as stale if the car moved since `resolve`."""
        given = CarAnswer(resolution, answer, note=note, make=make, model=model, year=year)
        await self.check(given, client_id)
        return await self.carry_out(given, client_id, actor=actor)

    async def check(self, given: CarAnswer, client_id: int) -> None:
        """Refuse an answer not offered, or one given about a car that moved since `resolve`.

        For a client not saved yet pass UNSAVED_CLIENT: the answer then stands for the client
        about to be saved as well."""
        resolution = given.resolution
        if given.answer not in resolution.answers:
            raise DomainError("car-error-answer-invalid")
        fresh = await self.resolve(client_id, vin=resolution.vin, plate=resolution.plate)
        if _fingerprint(fresh) != _fingerprint(resolution):
            raise StaleAction("car-error-stale")

    async def carry_out(
        self, given: CarAnswer, client_id: int, *, actor: Employee | None = None
    ) -> Car:
        """The answer's change, after `check` in this transaction."""
        resolution, answer = given.resolution, given.answer
        if answer is Answer.CREATE:
            # CREATE is never offered for a car found by VIN, so `check` has just looked the
            # VIN up and found nothing.
            return await self.cars.create(
                vin=resolution.vin,
                plate=resolution.plate,
                owner_client_id=client_id,
                make=given.make,
                model=given.model,
                year=given.year,
                actor=actor,
                vin_looked_up=True,
            )
        assert resolution.car_id is not None  # every other answer is about a found car
        if answer is Answer.OWNER_CHANGED:
            return await self.cars.change_owner(resolution.car_id, client_id, actor=actor)
        if answer is Answer.DRIVER:
            return await self.cars.add_driver(
                resolution.car_id, client_id, note=given.note, actor=actor
            )
        if resolution.fill_vin and resolution.vin is not None:
            return await self.cars.update_vin(resolution.car_id, resolution.vin, actor=actor)
        return await self.cars.get(resolution.car_id)

    async def _plate_candidates(self, plate: str | None) -> list[Car]:
        return [] if plate is None else list(await self.cars.find_by_plate(plate))

    async def _theirs(self, client_id: int, car: Car) -> bool:
        if client_id == UNSAVED_CLIENT:
            return False  # nothing to read
        found = rules.standing(client_id, await self.cars.relations(car.id))
        return found in (CarStanding.OWNER, CarStanding.DRIVER)

    async def _describe(
        self, blank: CarResolution, client_id: int, car: Car, matched_by: str
    ) -> CarResolution:
        relations = await self.cars.relations(car.id)
        found = replace(
            blank,
            car_id=car.id,
            matched_by=matched_by,
            make=car.make,
            model=car.model,
            year=car.year,
            car_plate=car.plate,
        )
        position = rules.standing(client_id, relations)
        if position in (CarStanding.OWNER, CarStanding.DRIVER):
            return replace(found, kind=ResolutionKind.EXISTING_OWNED, relation=position.value)
        if position is CarStanding.UNCLAIMED:
            return replace(found, kind=ResolutionKind.UNCLAIMED)
        owner_row = rules.current_owner(relations)
        assert owner_row is not None  # OTHER_OWNER means an open owner row exists
        owner = await self.session.get(Client, owner_row.client_id)
        assert owner is not None
        phone = owner.current_phone
        return replace(
            found,
            kind=ResolutionKind.BELONGS_TO_OTHER,
            other_client_id=owner.id,
            other_client_name=owner.full_name,
            other_client_phone_masked=None if phone is None else mask_phone(phone),
        )


def _fingerprint(resolution: CarResolution) -> tuple[object, ...]:
    return (resolution.kind, resolution.car_id, resolution.other_client_id, resolution.fill_vin)
