"""Fixtures for the order pipeline: a shop of five (one per role), a client with a car."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.orders.inputs import MediaInput, PartInput
from services.orders.notices import StepResult
from services.orders.unit_of_work import OrderWork
from services.orders.use_cases import create_order
from services.staff.roles import Role
from services.staff.service import StaffService
from services.storage.models import AuditEvent, Car, Client, ClientPhone, Employee


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Shop:
    master: Employee
    supplier: Employee
    head: Employee
    storekeeper: Employee
    director: Employee
    client: Client
    car: Car
    clock: FakeClock
    work: OrderWork

    async def new_order(self, parts: list[PartInput] | None = None) -> StepResult:
        if parts is None:
            parts = [
                PartInput("Колодки передние", "34116860016", Decimal(1)),
                PartInput("Стойка стабилизатора", None, Decimal(2)),
                PartInput("Фильтр салона", None, Decimal(1)),
            ]
        return await create_order(
            self.work,
            self.master,
            client_id=self.client.id,
            car_id=self.car.id,
            complaint="стук спереди справа",
            parts=parts,
            media=[MediaInput("photo", "f1", "u1", 1000, "g1"), MediaInput("video", "f2", "u2")],
        )


async def add_employee(session: AsyncSession, tg: int, name: str, *roles: Role) -> Employee:
    return await StaffService(session).add(tg, name, list(roles))


@pytest.fixture
async def shop(session: AsyncSession) -> Shop:
    master = await add_employee(session, 1, "Сергей", Role.MASTER)
    supplier = await add_employee(session, 2, "Олег", Role.SUPPLIER)
    head = await add_employee(session, 3, "Пётр", Role.HEAD)
    storekeeper = await add_employee(session, 4, "Анна", Role.STOREKEEPER)
    director = await add_employee(session, 5, "Ирина", Role.DIRECTOR)
    client = Client(full_name="Иван Петров")
    client.phones = [ClientPhone(phone="+79161234567")]
    car = Car(vin="WBA12345678901234", plate="А123ВС77", make="BMW", model="X5", year=2019)
    session.add_all([client, car])
    await session.commit()
    clock = FakeClock()
    return Shop(
        master,
        supplier,
        head,
        storekeeper,
        director,
        client,
        car,
        clock,
        OrderWork(session, clock),
    )


async def audit_count(session: AsyncSession, action: str) -> int:
    return (
        await session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action)
        )
        or 0
    )


def kinds(result: StepResult) -> dict[int, str]:
    """Recipient id → notice kind."""
    return {n.employee_id: n.kind.value for n in result.notices}
