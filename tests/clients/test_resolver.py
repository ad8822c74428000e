import pytest

from services.clients import (
    DRIVER,
    OWNER,
    Answer,
    CarResolution,
    CarResolver,
    CarService,
    ClientService,
    ResolutionKind,
)
from services.errors import DomainError, StaleAction
from services.storage.models import Car
from tests.clients.conftest import fake_decoder

BMW = "WBA3A5C55DF123456"
LADA = "XTA21099043578954"
PLATE = "А123ВС77"


@pytest.fixture
async def people(session, clock):
    clients = ClientService(session, clock)
    father = await clients.create("Пётр Иванов", "+79161234567")
    son = await clients.create("Иван Петров", "+79267654321")
    return father, son


def services(session, clock) -> tuple[CarResolver, CarService]:
    return CarResolver(session, clock, fake_decoder), CarService(session, clock, fake_decoder)


async def test_not_found_decodes_then_creates(session, clock, people):
    father, _ = people
    resolver, cars = services(session, clock)
    found = await resolver.resolve(father.id, vin=BMW, plate=PLATE)
    assert found.kind is ResolutionKind.NOT_FOUND and found.car_id is None
    assert (found.make, found.model, found.year) == ("BMW", "3 Series", 2013)
    assert found.answers == {Answer.CREATE}
    car = await resolver.apply(found, father.id, Answer.CREATE)
    assert (car.vin, car.plate, car.make) == (BMW, PLATE, "BMW")
    owner = await cars.current_owner(car.id)
    assert owner is not None and owner.id == father.id


async def test_not_found_by_plate_only(session, clock, people):
    father, _ = people
    resolver, _ = services(session, clock)
    found = await resolver.resolve(father.id, plate=PLATE)
    assert found.kind is ResolutionKind.NOT_FOUND and found.make is None
    car = await resolver.apply(found, father.id, Answer.CREATE, make="Kia", year=2019)
    assert (car.vin, car.plate, car.make, car.year) == (None, PLATE, "Kia", 2019)


async def test_existing_owned_or_driven(session, clock, people):
    father, son = people
    resolver, cars = services(session, clock)
    car = await cars.create(vin=BMW, plate=PLATE, owner_client_id=father.id)
    await cars.add_driver(car.id, son.id, note="сын")
    as_owner = await resolver.resolve(father.id, vin=BMW)
    assert (as_owner.kind, as_owner.car_id, as_owner.relation) == (
        ResolutionKind.EXISTING_OWNED,
        car.id,
        OWNER,
    )
    as_driver = await resolver.resolve(son.id, plate=PLATE)
    assert (as_driver.kind, as_driver.relation, as_driver.matched_by) == (
        ResolutionKind.EXISTING_OWNED,
        DRIVER,
        "plate",
    )
    used = await resolver.apply(as_driver, son.id, Answer.USE)
    assert used.id == car.id
    assert len(await cars.ownership_history(car.id, include_drivers=True)) == 2


async def test_plate_differs_is_reported(session, clock, people):
    father, _ = people
    resolver, cars = services(session, clock)
    await cars.create(vin=BMW, plate=PLATE, owner_client_id=father.id)
    found = await resolver.resolve(father.id, vin=BMW, plate="В001ОР77")
    assert found.kind is ResolutionKind.EXISTING_OWNED
    assert found.plate_differs and found.car_plate == PLATE


async def test_belongs_to_other_then_owner_changed(session, clock, people):
    father, son = people
    resolver, cars = services(session, clock)
    car = await cars.create(vin=BMW, plate=PLATE, owner_client_id=father.id)
    found = await resolver.resolve(son.id, vin=BMW)
    assert found.kind is ResolutionKind.BELONGS_TO_OTHER
    assert (found.other_client_id, found.other_client_name) == (father.id, "Пётр Иванов")
    masked = found.other_client_phone_masked
    assert masked is not None and masked.endswith("45-67") and "123" not in masked
    assert found.answers == {Answer.OWNER_CHANGED, Answer.DRIVER}
    clock.tick()
    await resolver.apply(found, son.id, Answer.OWNER_CHANGED)
    owner = await cars.current_owner(car.id)
    assert owner is not None and owner.id == son.id
    history = await cars.ownership_history(car.id)
    assert [(h.client_id, h.until is None) for h in history] == [(father.id, False), (son.id, True)]


async def test_belongs_to_other_then_driver(session, clock, people):
    father, son = people
    resolver, cars = services(session, clock)
    car = await cars.create(vin=BMW, plate=PLATE, owner_client_id=father.id)
    found = await resolver.resolve(son.id, vin=BMW)
    await resolver.apply(found, son.id, Answer.DRIVER, note="сын")
    owner = await cars.current_owner(car.id)
    assert owner is not None and owner.id == father.id
    assert [(d.client_id, d.note) for d in await cars.drivers(car.id)] == [(son.id, "сын")]
    again = await resolver.resolve(son.id, vin=BMW)
    assert (again.kind, again.relation) == (ResolutionKind.EXISTING_OWNED, DRIVER)


async def test_plate_match_of_another_may_be_another_car(session, clock, people):
    father, son = people
    resolver, cars = services(session, clock)
    theirs = await cars.create(vin=BMW, plate=PLATE, owner_client_id=father.id)
    found = await resolver.resolve(son.id, plate=PLATE)
    assert found.kind is ResolutionKind.BELONGS_TO_OTHER and found.matched_by == "plate"
    assert Answer.CREATE in found.answers
    mine = await resolver.apply(found, son.id, Answer.CREATE)
    assert mine.id != theirs.id
    # Now the son's own car wins over the other car with the same plate.
    again = await resolver.resolve(son.id, plate=PLATE)
    assert (again.kind, again.car_id) == (ResolutionKind.EXISTING_OWNED, mine.id)


async def test_unclaimed_car_is_taken_over(session, clock, people):
    father, _ = people
    resolver, cars = services(session, clock)
    orphan = Car(vin=LADA, created_at=clock())
    session.add(orphan)
    await session.commit()
    found = await resolver.resolve(father.id, vin=LADA)
    assert found.kind is ResolutionKind.UNCLAIMED and found.other_client_id is None
    await resolver.apply(found, father.id, Answer.OWNER_CHANGED)
    owner = await cars.current_owner(orphan.id)
    assert owner is not None and owner.id == father.id


async def test_vin_fills_a_car_known_by_plate(session, clock, people):
    father, _ = people
    resolver, cars = services(session, clock)
    car = await cars.create(vin=None, plate=PLATE, owner_client_id=father.id)
    found = await resolver.resolve(father.id, vin=BMW, plate=PLATE)
    assert (found.kind, found.car_id, found.fill_vin) == (
        ResolutionKind.EXISTING_OWNED,
        car.id,
        True,
    )
    await resolver.apply(found, father.id, Answer.USE)
    filled = await cars.get(car.id)
    assert (filled.vin, filled.make) == (BMW, "BMW")


async def test_stale_answer_is_refused(session, clock, people):
    father, son = people
    resolver, cars = services(session, clock)
    stranger = await ClientService(session, clock).create("Сват", "+79031112233")
    car = await cars.create(vin=BMW, plate=None, owner_client_id=father.id)
    found = await resolver.resolve(son.id, vin=BMW)
    clock.tick()
    await cars.change_owner(car.id, stranger.id)  # another master acted meanwhile
    with pytest.raises(StaleAction) as stale:
        await resolver.apply(found, son.id, Answer.OWNER_CHANGED)
    assert stale.value.key == "car-error-stale"
    owner = await cars.current_owner(car.id)
    assert owner is not None and owner.id == stranger.id


async def test_refusals(session, clock, people):
    father, son = people
    resolver, cars = services(session, clock)
    with pytest.raises(DomainError) as nothing:
        await resolver.resolve(father.id)
    assert nothing.value.key == "car-error-no-identifier"
    await cars.create(vin=BMW, plate=None, owner_client_id=father.id)
    found = await resolver.resolve(son.id, vin=BMW)
    with pytest.raises(DomainError) as wrong:
        await resolver.apply(found, son.id, Answer.CREATE)  # a VIN match is certain
    assert wrong.value.key == "car-error-answer-invalid"


async def test_resolution_survives_dialog_state(session, clock, people):
    father, son = people
    resolver, cars = services(session, clock)
    await cars.create(vin=BMW, plate=PLATE, owner_client_id=father.id)
    found = await resolver.resolve(son.id, vin=BMW)
    restored = CarResolution.from_dict(found.to_dict())
    assert restored == found
    await resolver.apply(restored, son.id, Answer.DRIVER, note="сын")
