"""A shop and a repair order taken through the real services, for the mirror tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.clients import CarService, ClientService
from services.orders import MediaInput, OrderWork, PartInput, Stage
from services.orders.use_cases import (
    add_works,
    approve_labour,
    confirm_pre_issue,
    create_order,
    price_part,
    receive_part,
    record_client_approval,
    set_parts_order,
)
from services.staff.roles import Role
from services.staff.service import StaffService
from services.storage.models import Employee, Order
from services.storage.unit_of_work import commit

PEOPLE = {
    Role.MASTER: (201, "Сергей Мастеров", 12),
    Role.SUPPLIER: (202, "Олег Снабженцев", 13),
    Role.HEAD: (203, "Пётр Руководов", 14),
    Role.STOREKEEPER: (204, "Анна Складова", 15),
    Role.DIRECTOR: (205, "Ирина Директорова", 16),
}
PARTS = [
    PartInput("Колодки передние", "34116860016", Decimal(1)),
    PartInput("Стойка стабилизатора", None, Decimal(2)),
]
# The stages `advance` can finish, in pipeline order.
STEPS = (
    Stage.PARTS_PRICING,
    Stage.LABOUR_PRICING,
    Stage.CLIENT_APPROVAL,
    Stage.PARTS_PURCHASE,
    Stage.AWAITING_DELIVERY,
    Stage.PRE_ISSUE_CHECK,
)


@dataclass
class MirrorShop:
    factory: async_sessionmaker[AsyncSession]
    staff: dict[Role, int]

    @classmethod
    async def open(cls, factory: async_sessionmaker[AsyncSession]) -> MirrorShop:
        staff: dict[Role, int] = {}
        async with factory() as session:
            service = StaffService(session)
            for role, (tg, name, bitrix_id) in PEOPLE.items():
                employee = await service.add(tg, name, [role], locale="ru")
                employee.bitrix_user_id = bitrix_id
                staff[role] = employee.id
            await session.commit()
        return cls(factory, staff)

    async def client_and_car(
        self, phone: str = "+79161234567", vin: str = "WBAKS410500A12345"
    ) -> tuple[int, int]:
        async with self.factory() as session:
            master = await self._employee(session, Role.MASTER)
            client = await ClientService(session).create("Иван Петров", phone, actor=master)
            car = await CarService(session).create(
                vin=vin,
                plate="А123ВС77",
                owner_client_id=client.id,
                make="BMW",
                model="X5",
                year=2019,
                actor=master,
            )
            await commit(session)
            return client.id, car.id

    async def new_order(self, client_id: int, car_id: int) -> int:
        async with self.factory() as session:
            result = await create_order(
                OrderWork(session),
                await self._employee(session, Role.MASTER),
                client_id=client_id,
                car_id=car_id,
                complaint="стук спереди справа",
                parts=PARTS,
                media=[MediaInput("photo", "photo-1", "u-photo-1", 1000, None)],
            )
            return result.order.id

    async def order_at(self, stage: Stage | None = None) -> int:
        """A new order for a new client and car, worked until it reaches `stage` (if given)."""
        order_id = await self.new_order(*await self.client_and_car())
        while stage is not None and await self.stage(order_id) is not stage:
            await self.advance(order_id)
        return order_id

    async def stage(self, order_id: int) -> Stage:
        async with self.factory() as session:
            order = await session.get(Order, order_id)
            assert order is not None
            return Stage(order.stage)

    async def advance(self, order_id: int) -> Stage:
        """Do the work of the order's current stage; returns the stage it reached."""
        async with self.factory() as session:
            work = OrderWork(session)
            order = await session.get(Order, order_id)
            assert order is not None
            await self._work(session, work, order)
        return await self.stage(order_id)

    async def _work(self, session: AsyncSession, work: OrderWork, order: Order) -> None:
        stage = Stage(order.stage)
        who = {role: await self._employee(session, role) for role in self.staff}
        if stage is Stage.PARTS_PRICING:
            for n, part in enumerate(order.parts, 1):
                await price_part(
                    work,
                    who[Role.SUPPLIER],
                    order.id,
                    part.id,
                    purchase_price=Decimal(1000 * n),
                    vendor="Emex",
                    delivery_days=2,
                    seen_stage=stage,
                )
        elif stage is Stage.LABOUR_PRICING:
            works = [("Замена колодок", Decimal(1500))]
            await add_works(work, who[Role.HEAD], order.id, works, seen_stage=stage)
            await approve_labour(work, who[Role.HEAD], order.id, seen_stage=stage)
        elif stage is Stage.CLIENT_APPROVAL:
            when = datetime.now(UTC) + timedelta(days=2)
            await record_client_approval(
                work, who[Role.MASTER], order.id, appointment_at=when, seen_stage=stage
            )
        elif stage is Stage.PARTS_PURCHASE:
            for n, part in enumerate(order.parts, 1):
                await set_parts_order(
                    work,
                    who[Role.SUPPLIER],
                    order.id,
                    [part.id],
                    vendor_order_no=f"E-{n}",
                    expected_date=date.today() + timedelta(days=3),
                    seen_stage=stage,
                )
        elif stage is Stage.AWAITING_DELIVERY:
            for part in order.parts:
                await receive_part(
                    work,
                    who[Role.STOREKEEPER],
                    order.id,
                    part.id,
                    quantity=part.quantity,
                    seen_stage=stage,
                )
        elif stage is Stage.PRE_ISSUE_CHECK:
            await confirm_pre_issue(work, who[Role.MASTER], order.id, seen_stage=stage)
        else:
            raise AssertionError(f"nothing to do at {stage}")

    async def _employee(self, session: AsyncSession, role: Role) -> Employee:
        employee = await session.get(Employee, self.staff[role])
        assert employee is not None
        return employee
