"""What the syncs of one relay cycle read from the database, loaded at once as plain values.

State-based messages send the entity as it is now, read after the messages were taken: a
change committed with a message is always visible to the sync that sends it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.orders.totals import compute_totals, counted_parts
from services.storage.models import (
    Car,
    CarRelation,
    Client,
    Employee,
    EmployeeRole,
    Order,
    StageTask,
)

M = TypeVar("M", Client, Car, Order, StageTask)


@dataclass
class ClientView:
    id: int
    name: str
    phones: list[str]  # current numbers, oldest first
    contact_id: int | None


@dataclass
class CarView:
    id: int
    vin: str | None
    plate: str | None
    make: str | None
    model: str | None
    year: int | None
    owner_client_id: int | None
    item_id: int | None

    @property
    def title(self) -> str:
        words = [w for w in (self.make, self.model, self.plate or self.vin) if w]
        return " ".join(words) or f"#{self.id}"


@dataclass
class ProductRow:
    name: str
    price: Decimal
    quantity: Decimal


@dataclass
class OrderView:
    id: int
    stage: str
    client_id: int
    car_id: int
    master_user_id: int | None  # the master's Bitrix24 user
    complaint: str
    total: Decimal
    rows: list[ProductRow]
    deal_id: int | None


@dataclass
class TaskView:
    id: int
    order_id: int
    stage: str
    status: str  # open | done | cancelled
    deadline: datetime
    responsible_user_id: int | None  # the assignee's, else a role holder's Bitrix24 user
    task_id: int | None
    overdue: bool = False  # a task re-opened after its deadline passed: "[Просрочено] …"


@dataclass
class Snapshot:
    clients: dict[int, ClientView] = field(default_factory=dict)
    cars: dict[int, CarView] = field(default_factory=dict)
    orders: dict[int, OrderView] = field(default_factory=dict)
    tasks: dict[int, TaskView] = field(default_factory=dict)


async def load_snapshot(
    session: AsyncSession,
    *,
    client_ids: Iterable[int] = (),
    car_ids: Iterable[int] = (),
    order_ids: Iterable[int] = (),
    task_ids: Iterable[int] = (),
) -> Snapshot:
    """The entities named and the ones they need (a task's order, an order's client and car)."""
    snap = Snapshot()
    users = await _bitrix_users(session)
    holders = await _role_holders(session, users)
    tasks = await _all(session, StageTask, task_ids)
    orders = await _all(session, Order, {*order_ids, *(t.order_id for t in tasks)})
    cars = await _all(session, Car, {*car_ids, *(o.car_id for o in orders)})
    owners = await _owners(session, [c.id for c in cars])
    wanted_clients = {*client_ids, *(o.client_id for o in orders), *owners.values()}
    for client in await _all(session, Client, wanted_clients):
        phones = [p.phone for p in client.phones if p.retired_at is None]
        snap.clients[client.id] = ClientView(
            client.id, client.full_name or "", phones, client.bitrix_contact_id
        )
    for car in cars:
        snap.cars[car.id] = CarView(
            car.id,
            car.vin,
            car.plate,
            car.make,
            car.model,
            car.year,
            owners.get(car.id),
            car.bitrix_item_id,
        )
    for order in orders:
        snap.orders[order.id] = _order_view(order, users)
    for task in tasks:
        responsible = users.get(task.assignee_id) if task.assignee_id else None
        snap.tasks[task.id] = TaskView(
            task.id,
            task.order_id,
            task.stage,
            task.status,
            task.deadline,
            responsible or holders.get(task.role),
            task.bitrix_task_id,
            task.overdue,
        )
    return snap


def product_rows(order: Order) -> list[ProductRow]:
    """The deal's product rows for an order: its available parts, then its works (one each).
    The two-way sync compares the portal's rows with these (services/orders/crm_money.py)."""
    rows = [
        ProductRow(p.name, p.sale_price or Decimal(0), p.quantity)
        for p in counted_parts(order.parts)
    ]
    rows += [ProductRow(w.name, w.cost, Decimal(1)) for w in order.works]
    return rows


def _order_view(order: Order, users: dict[int, int]) -> OrderView:
    totals = compute_totals(order.parts, order.works)
    rows = product_rows(order)
    return OrderView(
        order.id,
        order.stage,
        order.client_id,
        order.car_id,
        users.get(order.master_id) if order.master_id else None,
        order.complaint,
        totals.grand_total,
        rows,
        order.bitrix_deal_id,
    )


async def _all(session: AsyncSession, model: type[M], ids: Iterable[int]) -> list[M]:
    wanted = sorted(set(ids))
    found: list[M] = []
    for start in range(0, len(wanted), 500):  # keeps each IN list well under driver limits
        chunk = wanted[start : start + 500]
        result = await session.scalars(
            select(model).where(model.id.in_(chunk)).execution_options(populate_existing=True)
        )
        found += list(result.all())
    return found


async def _owners(session: AsyncSession, car_ids: list[int]) -> dict[int, int]:
    owners: dict[int, int] = {}
    for start in range(0, len(car_ids), 500):
        rows = await session.execute(
            select(CarRelation.car_id, CarRelation.client_id)
            .where(
                CarRelation.car_id.in_(car_ids[start : start + 500]),
                CarRelation.kind == "owner",
                CarRelation.until.is_(None),
            )
            .order_by(CarRelation.since)
        )
        owners |= dict(rows.all())
    return owners


async def _bitrix_users(session: AsyncSession) -> dict[int, int]:
    rows = await session.execute(
        select(Employee.id, Employee.bitrix_user_id).where(Employee.bitrix_user_id.is_not(None))
    )
    return {e: int(b) for e, b in rows.all() if b is not None}


async def _role_holders(session: AsyncSession, users: dict[int, int]) -> dict[str, int]:
    """A linked, active holder of each role: an unclaimed task needs someone responsible."""
    rows = await session.execute(
        select(EmployeeRole.role, Employee.id)
        .join(Employee, Employee.id == EmployeeRole.employee_id)
        .where(Employee.is_active.is_(True))
        .order_by(Employee.id)
    )
    holders: dict[str, int] = {}
    for role, employee_id in rows.all():
        if employee_id in users:
            holders.setdefault(role, users[employee_id])
    return holders
