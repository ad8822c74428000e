import pytest
from sqlalchemy import select

from services.clients import DRIVER, OWNER, CarService, ClientService
from services.errors import DomainError, NotFound
from services.storage.models import AuditEvent
from services.storage.unit_of_work import commit
from tests.clients.conftest import fake_decoder

BMW = "WBA3A5C55DF123456"
LADA = "XTA21099043578954"
UNKNOWN = "Z94CB41AAER123456"


async def two_clients(session, clock):
    clients = ClientService(session, clock)
    father = await clients.create("Пётр Иванов", "+79161234567")
    son = await clients.create("Иван Петров", "+79267654321")
    return father, son


def cars_of(session, clock) -> CarService:
    return CarService(session, clock, fake_decoder)


async def test_create_decodes_the_vin(session, clock):
    father, _ = await two_clients(session, clock)
    car = await cars_of(session, clock).create(vin=BMW, plate="А123ВС77", owner_client_id=father.id)
    assert (car.make, car.model, car.year) == ("BMW", "3 Series", 2013)
    owner = await cars_of(session, clock).current_owner(car.id)
    assert owner is not None and owner.id == father.id
    found = await cars_of(session, clock).find_by_vin(BMW)
    assert found is not None and found.id == car.id


async def test_given_details_win_over_the_decoder(session, clock):
    father, _ = await two_clients(session, clock)
    car = await cars_of(session, clock).create(
        vin=LADA, plate=None, owner_client_id=father.id, model="2109", year=2005
    )
    assert (car.make, car.model, car.year) == ("LADA", "2109", 2005)
    plain = await cars_of(session, clock).create(vin=UNKNOWN, plate=None, owner_client_id=father.id)
    assert (plain.make, plain.model, plain.year) == (None, None, None)


async def test_create_with_the_real_decoder(session, clock):
    father, _ = await two_clients(session, clock)
    car = await CarService(session, clock).create(vin=BMW, plate=None, owner_client_id=father.id)
    assert car.make == "BMW" and car.year == 2013


async def test_create_refusals(session, clock):
    father, _ = await two_clients(session, clock)
    cars = cars_of(session, clock)
    await cars.create(vin=BMW, plate=None, owner_client_id=father.id)
    cases = [
        ({"vin": None, "plate": None, "owner_client_id": father.id}, "car-error-no-identifier"),
        ({"vin": BMW, "plate": "В001ОР77", "owner_client_id": father.id}, "car-error-vin-taken"),
        ({"vin": None, "plate": "В001ОР77", "owner_client_id": 999}, "client-error-not-found"),
        (
            {"vin": None, "plate": "В001ОР77", "owner_client_id": father.id, "year": 1850},
            "car-error-year-invalid",
        ),
    ]
    for kwargs, key in cases:
        with pytest.raises(DomainError) as refused:
            await cars.create(**kwargs)
        assert refused.value.key == key
    assert await cars.find_by_plate("В001ОР77") == []


async def test_find_by_plate_newest_first(session, clock):
    father, son = await two_clients(session, clock)
    cars = cars_of(session, clock)
    old = await cars.create(vin=None, plate="А123ВС77", owner_client_id=father.id)
    clock.tick(days=400)
    new = await cars.create(vin=LADA, plate="А123ВС77", owner_client_id=son.id)
    assert [c.id for c in await cars.find_by_plate("А123ВС77")] == [new.id, old.id]


async def test_owner_change_keeps_history(session, clock):
    father, son = await two_clients(session, clock)
    buyer = await ClientService(session, clock).create("Сват", "+79031112233")
    cars = cars_of(session, clock)
    car = await cars.create(vin=BMW, plate=None, owner_client_id=father.id)
    bought_at = clock.tick(days=30)
    await cars.add_driver(car.id, son.id, note="сын")
    sold_at = clock.tick(days=30)
    await cars.change_owner(car.id, buyer.id)

    owner = await cars.current_owner(car.id)
    assert owner is not None and owner.id == buyer.id
    history = await cars.ownership_history(car.id)
    assert [(h.client_id, h.kind, h.until) for h in history] == [
        (father.id, OWNER, sold_at),
        (buyer.id, OWNER, None),
    ]
    assert history[1].client_name == "Сват" and history[1].since == sold_at
    # The son drove with the old owner's consent: his link is closed, yet kept.
    assert await cars.drivers(car.id) == []
    everything = await cars.ownership_history(car.id, include_drivers=True)
    assert [(h.client_id, h.kind, h.since) for h in everything][1] == (son.id, DRIVER, bought_at)
    assert [link.car.id for link in await cars.relations_of_client(father.id)] == []
    past = await cars.relations_of_client(father.id, include_history=True)
    assert [(link.kind, link.until) for link in past] == [(OWNER, sold_at)]

    await commit(session)
    event = await session.scalar(select(AuditEvent).where(AuditEvent.action == "car.owner_changed"))
    assert event is not None and event.entity_id == str(car.id)
    assert event.details == {"old_owner_client_id": father.id, "new_owner_client_id": buyer.id}


async def test_owner_change_to_the_owner_is_a_no_op(session, clock):
    father, _ = await two_clients(session, clock)
    cars = cars_of(session, clock)
    car = await cars.create(vin=BMW, plate=None, owner_client_id=father.id)
    await cars.change_owner(car.id, father.id)
    assert len(await cars.ownership_history(car.id)) == 1


async def test_driver_who_is_not_the_owner(session, clock):
    father, son = await two_clients(session, clock)
    cars = cars_of(session, clock)
    car = await cars.create(vin=BMW, plate="А123ВС77", owner_client_id=father.id)
    clock.tick()
    await cars.add_driver(car.id, son.id, note=" сын ")
    await cars.add_driver(car.id, son.id, note="сын")  # again: nothing new

    owner = await cars.current_owner(car.id)
    assert owner is not None and owner.id == father.id
    drivers = await cars.drivers(car.id)
    assert [(d.client_id, d.client_name, d.note) for d in drivers] == [
        (son.id, "Иван Петров", "сын")
    ]
    links = await cars.relations_of_client(son.id)
    assert [(link.car.id, link.kind, link.note) for link in links] == [(car.id, DRIVER, "сын")]
    assert len(await cars.ownership_history(car.id)) == 1

    with pytest.raises(DomainError) as refused:
        await cars.add_driver(car.id, father.id)
    assert refused.value.key == "car-error-driver-is-owner"
    with pytest.raises(NotFound):
        await cars.add_driver(999, son.id)


async def test_son_becomes_owner(session, clock):
    father, son = await two_clients(session, clock)
    cars = cars_of(session, clock)
    car = await cars.create(vin=BMW, plate=None, owner_client_id=father.id)
    await cars.add_driver(car.id, son.id, note="сын")
    clock.tick()
    await cars.change_owner(car.id, son.id)
    assert [(link.kind, link.until) for link in await cars.relations_of_client(son.id)] == [
        (OWNER, None)
    ]
    assert await cars.drivers(car.id) == []


async def test_plate_and_vin_corrections(session, clock):
    father, _ = await two_clients(session, clock)
    cars = cars_of(session, clock)
    car = await cars.create(vin=None, plate="А123ВС77", owner_client_id=father.id)
    other = await cars.create(vin=LADA, plate=None, owner_client_id=father.id)
    await cars.update_plate(car.id, "А124ВС77")
    assert [c.id for c in await cars.find_by_plate("А124ВС77")] == [car.id]
    with pytest.raises(DomainError) as no_id:
        await cars.update_plate(car.id, None)
    assert no_id.value.key == "car-error-no-identifier"

    await cars.update_vin(car.id, BMW)
    await commit(session)
    fixed = await cars.get(car.id)
    assert (fixed.vin, fixed.make, fixed.year) == (BMW, "BMW", 2013)
    with pytest.raises(DomainError) as taken:
        await cars.update_vin(other.id, BMW)
    assert taken.value.key == "car-error-vin-taken"
    actions = (await session.scalars(select(AuditEvent.action).order_by(AuditEvent.id))).all()
    assert actions[-2:] == ["car.plate_changed", "car.vin_changed"]
