"""Seed a database with N orders and their outbox messages, as if the shop had worked.

Each order brings five messages: its client's contact, its car, its deal (stage, total, product
rows), its current stage task (open, or done at the end of the pipeline) and a step comment.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.crm.outbox.kinds import ENTITY_OF, Kind
from services.orders.pipeline import STAGE_OWNER
from services.orders.stages import PIPELINE, Stage
from services.storage.models import (
    Car,
    CarRelation,
    Client,
    ClientPhone,
    Employee,
    EmployeeRole,
    Order,
    OrderPart,
    OutboxMessage,
    StageTask,
    WorkLine,
)

ROLES = ("master", "supplier", "head", "storekeeper", "director")


async def seed(factory: async_sessionmaker[AsyncSession], orders: int) -> int:
    now = datetime.now(UTC)
    async with factory() as session:
        staff = {}
        for n, role in enumerate(ROLES, 1):
            employee = Employee(telegram_id=1000 + n, full_name=f"{role} {n}", bitrix_user_id=n)
            employee.roles = [EmployeeRole(role=role)]
            session.add(employee)
            staff[role] = employee
        await session.flush()
        messages: list[OutboxMessage] = []
        for i in range(1, orders + 1):
            order, task = await _order(session, i, staff, now)
            for kind, entity_id, payload in (
                (Kind.CONTACT_SYNC, order.client_id, None),
                (Kind.CAR_SYNC, order.car_id, None),
                (Kind.DEAL_SYNC, order.id, None),
                (Kind.TASK_SYNC, task.id, None),
                (Kind.DEAL_COMMENT, order.id, _comment(i, order.stage)),
            ):
                messages.append(
                    OutboxMessage(
                        kind=kind.value,
                        entity_type=ENTITY_OF[kind].value,
                        entity_id=entity_id,
                        payload=payload,
                        created_at=now,
                        next_attempt_at=now,
                    )
                )
        session.add_all(messages)
        await session.commit()
        return len(messages)


async def _order(
    session: AsyncSession, i: int, staff: dict[str, Employee], now: datetime
) -> tuple[Order, StageTask]:
    client = Client(full_name=f"Клиент {i}", created_at=now)
    client.phones = [ClientPhone(phone=f"+7916{i:07d}", added_at=now)]
    car = Car(vin=f"XTA21099{i:09d}", plate=f"А{i % 1000:03d}ВС77", make="LADA", model="Vesta")
    car.year = 2015 + i % 10
    session.add_all([client, car])
    await session.flush()
    session.add(CarRelation(car_id=car.id, client_id=client.id, kind="owner", since=now))
    stage = PIPELINE[1 + i % (len(PIPELINE) - 1)]  # every stage but NEW, DONE included
    order = Order(
        stage=stage.value,
        client_id=client.id,
        car_id=car.id,
        master_id=staff["master"].id,
        complaint="стук спереди",
        created_at=now,
        stage_entered_at=now,
    )
    order.parts = _parts()
    order.works = [WorkLine(position=1, name="Замена колодок", cost=Decimal(1500))]
    session.add(order)
    await session.flush()
    task_stage = stage if stage is not Stage.DONE else Stage.PRE_ISSUE_CHECK
    task = StageTask(
        order_id=order.id,
        stage=task_stage.value,
        role=STAGE_OWNER[task_stage].value,
        assignee_id=staff[STAGE_OWNER[task_stage].value].id,
        status="done" if stage is Stage.DONE else "open",
        created_at=now,
        deadline=now + timedelta(hours=24),
    )
    session.add(task)
    await session.flush()
    return order, task


def _parts() -> list[OrderPart]:
    return [
        OrderPart(
            position=1,
            name="Колодки",
            quantity=Decimal(1),
            status="priced",
            purchase_price=Decimal(1000),
            sale_price=Decimal(1300),
        ),
        OrderPart(
            position=2,
            name="Стойка",
            quantity=Decimal(2),
            status="priced",
            purchase_price=Decimal(2000),
            sale_price=Decimal(2600),
        ),
    ]


def _comment(i: int, stage: str) -> dict[str, object]:
    return {
        "actor": "Сергей Мастеров",
        "actions": [
            {"action": "part.priced", "part": "Колодки", "purchase": "1000", "sale": "1300"}
        ],
        "moves": [{"from": "PARTS_PRICING", "to": stage, "reason": None}],
        "n": i,
    }
