"""`take_in`: the new order dialog's client, car answer and order, saved together or not at all."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.orm import selectinload

from services.clients import UNSAVED_CLIENT, Answer, CarAnswer, CarResolver, ClientService
from services.errors import DomainError, StaleAction
from services.orders import NewClient, OrderWork, PartInput, Stage
from services.orders.use_cases import take_in
from services.storage.models import (
    AuditEvent,
    Car,
    CarRelation,
    Client,
    ClientPhone,
    Employee,
    Order,
)
from services.storage.unit_of_work import commit

PHONE = "+79035551234"
VIN = "XTAGFL110JY123456"


async def _count(session, model) -> int:  # type: ignore[no-untyped-def]
    return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def _new_car_answer(session, clock, **details) -> CarAnswer:  # type: ignore[no-untyped-def]
    found = await CarResolver(session, clock).resolve(UNSAVED_CLIENT, vin=VIN, plate="В777ОР799")
    return CarAnswer(found, Answer.CREATE, **details)


async def test_a_new_client_car_and_order_are_one_commit(session, shop):
    car = await _new_car_answer(session, shop.clock)
    commits = []
    engine = session.bind.sync_engine
    listener = lambda _conn: commits.append(1)  # noqa: E731
    event.listen(engine, "commit", listener)
    try:
        result = await take_in(
            shop.work,
            shop.master,
            client=NewClient("Пётр Сидоров", PHONE),
            car=car,
            complaint="не заводится",
            parts=[PartInput("Колодки передние", None, Decimal(1))],
        )
    finally:
        event.remove(engine, "commit", listener)
    assert len(commits) == 1
    order = result.order
    assert order.stage == Stage.PARTS_PRICING.value
    client = await ClientService(session).find_by_phone(PHONE)
    assert client is not None and client.id == order.client_id
    saved = await session.get(Car, order.car_id)
    assert saved is not None and (saved.vin, saved.make, saved.model) == (VIN, "AvtoVAZ", "Vesta")
    owners = (
        await session.scalars(select(CarRelation).where(CarRelation.car_id == saved.id))
    ).all()
    assert [(r.client_id, r.kind) for r in owners] == [(client.id, "owner")]


async def test_a_refusal_after_the_client_is_written_leaves_nothing(session, shop, session_factory):
    """The car's year is checked when the car is written, after the new client is: the client
    goes too (it used to stay, committed on its own, with no order)."""
    car = await _new_car_answer(session, shop.clock, make="Лада", model="Веста", year=1800)
    master_id = shop.master.id
    clients, cars = await _count(session, Client), await _count(session, Car)
    with pytest.raises(DomainError) as refused:
        await take_in(
            shop.work,
            shop.master,
            client=NewClient("Пётр Сидоров", PHONE),
            car=car,
            complaint="не заводится",
        )
    assert refused.value.key == "car-error-year-invalid"
    assert await _count(session, Client) == clients and await _count(session, Car) == cars
    assert await _count(session, ClientPhone) == 1  # the shop's client's only
    assert await _count(session, Order) == 0
    created = await session.scalar(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "client.created")
    )
    assert created == 0
    # The master fixes the year and saves again (the next update: a session of its own, the
    # refusal's rollback expired what this one held): all of it, once.
    fixed = CarAnswer(car.resolution, Answer.CREATE, make="Лада", model="Веста", year=2019)
    async with session_factory() as again:
        master = await again.get(Employee, master_id, options=[selectinload(Employee.roles)])
        result = await take_in(
            OrderWork(again, shop.clock),
            master,
            client=NewClient("Пётр Сидоров", PHONE),
            car=fixed,
            complaint="не заводится",
        )
        assert result.order.id is not None
        assert await _count(again, Client) == clients + 1 and await _count(again, Car) == cars + 1


async def test_a_car_saved_meanwhile_refuses_before_anything_is_written(session, shop):
    car = await _new_car_answer(session, shop.clock)
    # Another master saves the same VIN first.
    other = await ClientService(session).create("Анна", "+79160000001")
    await CarResolver(session, shop.clock).apply(car.resolution, other.id, Answer.CREATE)
    await commit(session)
    clients = await _count(session, Client)
    with pytest.raises(StaleAction):
        await take_in(
            shop.work, shop.master, client=NewClient(None, PHONE), car=car, complaint="не заводится"
        )
    assert await _count(session, Client) == clients
    assert await ClientService(session).find_by_phone(PHONE) is None
    assert await _count(session, Order) == 0


async def test_a_saved_client_and_car_are_used_as_they_are(session, shop):
    result = await take_in(
        shop.work, shop.master, client=shop.client.id, car=shop.car.id, complaint="ТО"
    )
    assert (result.order.client_id, result.order.car_id) == (shop.client.id, shop.car.id)
    assert await _count(session, Client) == 1 and await _count(session, Car) == 1
