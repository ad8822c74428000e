"""Cars and who owns or drives them: find, create, change owner, add a driver, corrections."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from services.audit import log as audit
from services.clients import rules
from services.clients.decoding import VinDecoder, default_decoder
from services.clients.rules import DRIVER, OWNER
from services.clients.views import CarHolder, CarLink
from services.clock import Clock, system_clock
from services.crm.outbox import writer as outbox_events
from services.errors import DomainError, NotFound
from services.storage.models import Car, CarRelation, Client, Employee

MAX_NOTE_LENGTH = 64
MAX_MODEL_LENGTH = 64
FIRST_CAR_YEAR = 1900


class CarService:
    def __init__(
        self,
        session: AsyncSession,
        clock: Clock = system_clock,
        decoder: VinDecoder = default_decoder,
    ) -> None:
        """Changes leave their rows in the caller's transaction: the use case that calls
        them commits once (`services.storage.unit_of_work.commit`)."""
        self.session = session
        self.clock = clock
        self.decoder = decoder

    # Lookups: never commit.

    async def get(self, car_id: int, *, lock: bool = False) -> Car:
        query = select(Car).where(Car.id == car_id)
        # Locking the car row serialises owner and driver changes of one car on PostgreSQL.
        car = await self.session.scalar(query.with_for_update() if lock else query)
        if car is None:
            raise NotFound("car-error-not-found")
        return car

    async def find_by_vin(self, vin: str) -> Car | None:
        return await self.session.scalar(select(Car).where(Car.vin == vin))

    async def find_by_vin_or_plate(self, vin: str, plate: str | None) -> Sequence[Car]:
        """The car with the VIN and the cars with the plate, in one read: newest first."""
        match = Car.vin == vin if plate is None else or_(Car.vin == vin, Car.plate == plate)
        result = await self.session.scalars(
            select(Car).where(match).order_by(Car.created_at.desc(), Car.id.desc())
        )
        return result.all()

    async def find_by_plate(self, plate: str) -> Sequence[Car]:
        """Plates are reissued and mistyped, so several cars may carry one: newest first."""
        result = await self.session.scalars(
            select(Car).where(Car.plate == plate).order_by(Car.created_at.desc(), Car.id.desc())
        )
        return result.all()

    async def relations(self, car_id: int, *, include_history: bool = False) -> list[CarRelation]:
        query = select(CarRelation).where(CarRelation.car_id == car_id)
        if not include_history:
            query = query.where(CarRelation.until.is_(None))
        result = await self.session.scalars(query.order_by(CarRelation.since, CarRelation.id))
        return list(result.all())

    async def current_owner(self, car_id: int) -> Client | None:
        owner = rules.current_owner(await self.relations(car_id))
        return None if owner is None else await self.session.get(Client, owner.client_id)

    async def drivers(self, car_id: int) -> list[CarHolder]:
        """Current drivers who are not the owner (son, brother…), oldest link first."""
        return [h for h in await self._holders(car_id, include_history=False) if h.kind == DRIVER]

    async def ownership_history(
        self, car_id: int, *, include_drivers: bool = False
    ) -> list[CarHolder]:
        """Every owner the car had, oldest first; the current one has `until` None."""
        await self.get(car_id)
        holders = await self._holders(car_id, include_history=True)
        return [h for h in holders if include_drivers or h.kind == OWNER]

    async def relations_of_client(
        self, client_id: int, *, include_history: bool = False
    ) -> list[CarLink]:
        """The client's cars, owned or driven, newest link first."""
        query = (
            select(CarRelation, Car)
            .join(Car, Car.id == CarRelation.car_id)
            .where(CarRelation.client_id == client_id)
        )
        if not include_history:
            query = query.where(CarRelation.until.is_(None))
        rows = await self.session.execute(
            query.order_by(CarRelation.since.desc(), CarRelation.id.desc())
        )
        return [
            CarLink(car=car, kind=rel.kind, note=rel.note, since=rel.since, until=rel.until)
            for rel, car in rows
        ]

    # Changes: never commit (the caller's use case does).

    async def create(
        self,
        *,
        vin: str | None,
        plate: str | None,
        owner_client_id: int,
        make: str | None = None,
        model: str | None = None,
        year: int | None = None,
        actor: Employee | None = None,
        vin_looked_up: bool = False,
        bitrix_item_id: int | None = None,
    ) -> Car:
        """A new car owned by the client; make, model and year not given are read from the VIN.

        `vin_looked_up`: the caller found no car with this VIN in this transaction just now, so
        it is not read again (the unique index still refuses a car saved meanwhile).
        `bitrix_item_id`: the CRM car item the car is made from; it shows the car already, so
        nothing is queued for it.
        """
        if vin is None and plate is None:
            raise DomainError("car-error-no-identifier")
        await self._client(owner_client_id)
        if vin is not None and not vin_looked_up and await self.find_by_vin(vin) is not None:
            raise DomainError("car-error-vin-taken")
        now = self.clock()
        car = Car(vin=vin, plate=plate, created_at=now, bitrix_item_id=bitrix_item_id)
        self._fill_details(car, make, model, year)
        self.session.add(car)
        await self._flush_or_vin_taken()
        self.session.add(
            CarRelation(car_id=car.id, client_id=owner_client_id, kind=OWNER, since=now)
        )
        self._changed(
            audit.AuditAction.CAR_CREATED,
            car,
            actor,
            sync=bitrix_item_id is None,
            owner_client_id=owner_client_id,
            vin=vin,
            plate=plate,
        )
        return car

    async def change_owner(
        self,
        car_id: int,
        new_owner_client_id: int,
        *,
        actor: Employee | None = None,
        keep_drivers: bool = False,
    ) -> Car:
        """The car changed hands: the old owner row is closed, a new one opened; history kept."""
        car = await self.get(car_id, lock=True)
        await self._client(new_owner_client_id)
        relations = await self.relations(car_id)
        previous = rules.current_owner(relations)
        now = self.clock()
        opened = rules.transfer_ownership(
            car_id, relations, new_owner_client_id, now, keep_drivers=keep_drivers
        )
        if opened is None:
            return car
        self.session.add(opened)
        self._changed(
            audit.AuditAction.CAR_OWNER_CHANGED,
            car,
            actor,
            old_owner_client_id=None if previous is None else previous.client_id,
            new_owner_client_id=new_owner_client_id,
        )
        return car

    async def add_driver(
        self,
        car_id: int,
        client_id: int,
        *,
        note: str | None = None,
        actor: Employee | None = None,
    ) -> Car:
        """The client drives a car someone else owns; the owner stays as they are."""
        car = await self.get(car_id, lock=True)
        await self._client(client_id)
        note = rules.clean_note(note, MAX_NOTE_LENGTH)
        opened = rules.new_driver(
            car_id, await self.relations(car_id), client_id, note, self.clock()
        )
        if opened is None:
            return car
        self.session.add(opened)
        # The CRM's car item shows no drivers: nothing to sync.
        self._changed(
            audit.AuditAction.CAR_DRIVER_ADDED,
            car,
            actor,
            sync=False,
            client_id=client_id,
            note=note,
        )
        return car

    async def update_plate(
        self, car_id: int, plate: str | None, *, actor: Employee | None = None
    ) -> Car:
        """A new plate or a corrected one; the old value stays in the audit journal."""
        car = await self.get(car_id)
        if plate == car.plate:
            return car
        if plate is None and car.vin is None:
            raise DomainError("car-error-no-identifier")
        self._changed(audit.AuditAction.CAR_PLATE_CHANGED, car, actor, old=car.plate, new=plate)
        car.plate = plate
        return car

    async def update_vin(self, car_id: int, vin: str, *, actor: Employee | None = None) -> Car:
        """Fill in or correct the VIN; refused if another car has it (that is a merge)."""
        car = await self.get(car_id)
        if vin == car.vin:
            return car
        other = await self.find_by_vin(vin)
        if other is not None:
            raise DomainError("car-error-vin-taken")
        self._changed(audit.AuditAction.CAR_VIN_CHANGED, car, actor, old=car.vin, new=vin)
        car.vin = vin
        # Details typed by hand win; the decoder only fills what is missing.
        self._fill_details(car, car.make, car.model, car.year)
        await self._flush_or_vin_taken()
        return car

    def _changed(
        self,
        action: audit.AuditAction,
        car: Car,
        actor: Employee | None,
        *,
        sync: bool = True,
        **details: object,
    ) -> None:
        """A change's journal row, and (`sync`) the CRM's car item queued to show it."""
        audit.record_about(self.session, action, car, actor=actor, **details)
        if sync:
            outbox_events.car_changed(self.session, car.id)

    def decode(self, vin: str) -> tuple[str | None, str | None, int | None]:
        """Make, model and year the VIN tells; (None, None, None) when it tells nothing."""
        info = self.decoder(vin)
        if info is None:
            return None, None, None
        return info.make, info.model, info.year

    def _fill_details(
        self, car: Car, make: str | None, model: str | None, year: int | None
    ) -> None:
        if year is not None and not self._plausible_year(year):
            raise DomainError("car-error-year-invalid", year=year)
        if car.vin is not None and (make is None or model is None or year is None):
            decoded_make, decoded_model, decoded_year = self.decode(car.vin)
            make = make if make is not None else decoded_make
            model = model if model is not None else decoded_model
            # A decoded year is a guess (the year code repeats every 30 years): drop odd ones.
            if year is None and decoded_year is not None and self._plausible_year(decoded_year):
                year = decoded_year
        car.make = rules.clean_name(make, MAX_MODEL_LENGTH)
        car.model = rules.clean_name(model, MAX_MODEL_LENGTH)
        car.year = year

    def _plausible_year(self, year: int) -> bool:
        return FIRST_CAR_YEAR <= year <= self.clock().year + 1

    async def _flush_or_vin_taken(self) -> None:
        # The unique VIN index is the last word when two masters save the same car at once.
        try:
            await self.session.flush()
        except IntegrityError:
            await self.session.rollback()
            raise DomainError("car-error-vin-taken") from None

    async def _client(self, client_id: int) -> Client:
        client = await self.session.get(Client, client_id)
        if client is None:
            raise NotFound("client-error-not-found")
        return client

    async def _holders(self, car_id: int, *, include_history: bool) -> list[CarHolder]:
        query = (
            select(CarRelation, Client)
            .join(Client, Client.id == CarRelation.client_id)
            .where(CarRelation.car_id == car_id)
        )
        if not include_history:
            query = query.where(CarRelation.until.is_(None))
        rows = await self.session.execute(query.order_by(CarRelation.since, CarRelation.id))
        return [
            CarHolder(
                client_id=client.id,
                client_name=client.full_name,
                kind=rel.kind,
                note=rel.note,
                since=rel.since,
                until=rel.until,
            )
            for rel, client in rows
        ]
