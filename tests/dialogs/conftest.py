"""A shop of five Telegram users (one per role) and orders placed at any stage, for dialog tests.

Dialog tests drive the bot through `harness` (the real Dispatcher and the recording fake Bot)
and assert what each person sees; `shop.order_at(stage)` prepares an order through the real
services so a test can start at the stage it is about.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.testing.fake_telegram import TelegramUser
from services.orders import MediaInput, OrderWork, PartInput, Stage
from services.orders.use_cases import (
    add_works,
    approve_labour,
    complete_purchase,
    create_order,
    price_part,
    receive_part,
    record_client_approval,
    set_parts_order,
)
from services.staff.roles import Role
from services.staff.service import StaffService
from services.storage.models import Car, CarRelation, Client, ClientPhone, Employee

MASTER = TelegramUser(101, "Сергей", "Мастеров")
SUPPLIER = TelegramUser(102, "Олег", "Снабженцев")
HEAD = TelegramUser(103, "Пётр", "Руководов")
STOREKEEPER = TelegramUser(104, "Анна", "Складова")
DIRECTOR = TelegramUser(105, "Ирина", "Директорова")
PEOPLE = {
    Role.MASTER: MASTER,
    Role.SUPPLIER: SUPPLIER,
    Role.HEAD: HEAD,
    Role.STOREKEEPER: STOREKEEPER,
    Role.DIRECTOR: DIRECTOR,
}

CLIENT_PHONE = "+79161234567"
CAR_VIN = "WBAKS410500A12345"
CAR_PLATE = "А123ВС77"


@dataclass
class Shop:
    session_factory: async_sessionmaker[AsyncSession]
    employees: dict[Role, Employee]
    client_id: int
    car_id: int

    def employee(self, role: Role) -> Employee:
        return self.employees[role]

    async def order_at(self, stage: Stage, *, parts: int = 2) -> int:
        """An order created by the master and taken through the real services up to `stage`."""
        async with self.session_factory() as session:
            work = OrderWork(session)
            e = {role: await session.get(Employee, emp.id) for role, emp in self.employees.items()}
            result = await create_order(
                work,
                e[Role.MASTER],
                client_id=self.client_id,
                car_id=self.car_id,
                complaint="стук спереди справа",
                parts=[
                    PartInput("Колодки передние", "34116860016", Decimal(1)),
                    PartInput("Стойка стабилизатора", None, Decimal(2)),
                    PartInput("Фильтр салона", None, Decimal(1)),
                ][:parts],
                media=[MediaInput("photo", "seed-photo-1", "seed-u1", 1000, None)],
            )
            order = result.order
            steps = [
                Stage.PARTS_PRICING,
                Stage.LABOUR_PRICING,
                Stage.CLIENT_APPROVAL,
                Stage.PARTS_PURCHASE,
                Stage.AWAITING_DELIVERY,
                Stage.PRE_ISSUE_CHECK,
            ]
            for current in steps:
                if current == stage:
                    return order.id
                order = await _complete(work, e, order.id, current)
            return order.id


async def _complete(work: OrderWork, e: dict[Role, Employee], order_id: int, stage: Stage):  # type: ignore[no-untyped-def]
    card = await _order(work, order_id)
    if stage == Stage.PARTS_PRICING:
        return await _price_all(work, e, card)
    if stage == Stage.LABOUR_PRICING:
        await add_works(
            work, e[Role.HEAD], order_id, [("Замена колодок", Decimal(1500))], seen_stage=stage
        )
        return (await approve_labour(work, e[Role.HEAD], order_id, seen_stage=stage)).order
    if stage == Stage.CLIENT_APPROVAL:
        when = datetime.now(UTC) + timedelta(days=2)
        return (
            await record_client_approval(
                work, e[Role.MASTER], order_id, appointment_at=when, seen_stage=stage
            )
        ).order
    if stage == Stage.PARTS_PURCHASE:
        return await _purchase_all(work, e, card)
    if stage == Stage.AWAITING_DELIVERY:
        result = None
        for part in card.parts:
            result = await receive_part(
                work,
                e[Role.STOREKEEPER],
                order_id,
                part.id,
                quantity=part.quantity,
                seen_stage=stage,
            )
        assert result is not None
        return result.order
    raise AssertionError(f"no way to complete {stage}")


async def _price_all(work: OrderWork, e: dict[Role, Employee], card):  # type: ignore[no-untyped-def]
    result = None
    for part in card.parts:
        result = await price_part(
            work,
            e[Role.SUPPLIER],
            card.id,
            part.id,
            purchase_price=Decimal(1000),
            sale_price=None,
            vendor="Emex",
            delivery_days=2,
            seen_stage=Stage.PARTS_PRICING,
        )
    assert result is not None
    return result.order


async def _purchase_all(work: OrderWork, e: dict[Role, Employee], card):  # type: ignore[no-untyped-def]
    """Each part ordered on a number of its own; the stage completed if that did not."""
    stage = Stage.PARTS_PURCHASE
    for n, part in enumerate(card.parts, 1):
        await set_parts_order(
            work,
            e[Role.SUPPLIER],
            card.id,
            [part.id],
            vendor_order_no=f"E-{n}",
            expected_date=date.today() + timedelta(days=3),
            seen_stage=stage,
        )
    order = await _order(work, card.id)
    if order.stage == Stage.PARTS_PURCHASE:
        return (await complete_purchase(work, e[Role.SUPPLIER], card.id, seen_stage=stage)).order
    return order


async def _order(work: OrderWork, order_id: int):  # type: ignore[no-untyped-def]
    from services.storage.models import Order

    order = await work.session.get(Order, order_id, populate_existing=True)
    assert order is not None
    return order


@pytest.fixture
async def shop(session_factory) -> Shop:
    employees = {}
    async with session_factory() as session:
        staff = StaffService(session)
        for role, person in PEOPLE.items():
            employees[role] = await staff.add(person.id, person.full_name, [role], locale="ru")
        client = Client(full_name="Иван Петров")
        client.phones = [ClientPhone(phone=CLIENT_PHONE)]
        car = Car(vin=CAR_VIN, plate=CAR_PLATE, make="BMW", model="X5", year=2019)
        session.add_all([client, car])
        await session.flush()
        session.add(CarRelation(car_id=car.id, client_id=client.id, kind="owner"))
        await session.commit()
        return Shop(session_factory, employees, client.id, car.id)
