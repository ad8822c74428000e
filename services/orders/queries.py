"""Read side of the pipeline: task lists, order lists, the order card, search, shortages.

Never commits. Lists are paged (`limit`/`offset`) and return a `Page` with the total.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from services.errors import NotFound
from services.orders.parts import PART_UNAVAILABLE, missing_quantity
from services.orders.phones import visible_phone
from services.orders.search_terms import parse_search
from services.orders.stages import CLOSED_STAGES, Stage
from services.orders.tasks import TASK_OPEN
from services.orders.totals import compute_totals
from services.orders.views import (
    OrderCard,
    OrderRow,
    Page,
    Shortage,
    TaskRow,
    TaskView,
    TransitionRow,
)
from services.roles import Role
from services.shop_settings import phone_visible_roles
from services.storage.models import (
    Car,
    Client,
    ClientPhone,
    Employee,
    Order,
    OrderMedia,
    OrderPart,
    StageTask,
    StageTransition,
)

T = TypeVar("T")
DEFAULT_LIMIT = 20
_CLOSED = [s.value for s in CLOSED_STAGES]
# Stages in which a part can be on order and not yet in: where the supplier chases vendors.
_WAITING_STAGES = [Stage.PARTS_PURCHASE.value, Stage.AWAITING_DELIVERY.value]


class OrderQueries:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def my_tasks(
        self, employee: Employee, *, limit: int = DEFAULT_LIMIT, offset: int = 0
    ) -> Page[TaskRow]:
        """Open tasks assigned to me, or offered to one of my roles and not taken; by deadline."""
        mine = or_(
            StageTask.assignee_id == employee.id,
            and_(StageTask.assignee_id.is_(None), StageTask.role.in_(employee.role_names)),
        )
        stmt = (
            select(StageTask, Order, Car)
            .join(Order, Order.id == StageTask.order_id)
            .join(Car, Car.id == Order.car_id)
            .where(StageTask.status == TASK_OPEN, mine)
            .order_by(StageTask.deadline, StageTask.id)
        )
        return await self._page(stmt, limit, offset, lambda r: TaskRow(r[0], r[1], r[2]))

    async def my_orders(
        self,
        employee: Employee,
        *,
        include_closed: bool = False,
        limit: int = DEFAULT_LIMIT,
        offset: int = 0,
    ) -> Page[OrderRow]:
        """Orders where I am the master; every order for the head and the director. Newest first."""
        stmt = self._orders()
        if not employee.role_names & {Role.HEAD, Role.DIRECTOR}:
            stmt = stmt.where(Order.master_id == employee.id)
        if not include_closed:
            stmt = stmt.where(Order.stage.not_in(_CLOSED))
        return await self._order_page(stmt.order_by(Order.id.desc()), limit, offset)

    async def orders_in_stage(
        self, stage: Stage | str, *, limit: int = DEFAULT_LIMIT, offset: int = 0
    ) -> Page[OrderRow]:
        """Orders in `stage`, the longest waiting first."""
        stmt = self._orders().where(Order.stage == Stage(stage).value)
        stmt = stmt.order_by(Order.stage_entered_at, Order.id)
        return await self._order_page(stmt, limit, offset)

    async def car_history(
        self, car_id: int, *, limit: int = DEFAULT_LIMIT, offset: int = 0
    ) -> Page[OrderRow]:
        """Every order of the car, newest first."""
        stmt = self._orders().where(Order.car_id == car_id).order_by(Order.id.desc())
        return await self._order_page(stmt, limit, offset)

    async def search(
        self, query: str, *, limit: int = DEFAULT_LIMIT, offset: int = 0
    ) -> Page[OrderRow]:
        """Orders by number ("1024", "№1024"), any phone the client ever had (any format),
        VIN or its last 6+ characters, or plate; newest first. Nothing recognised: empty page."""
        terms = parse_search(query)
        conditions: list[Any] = []
        if terms.order_id is not None:
            conditions.append(Order.id == terms.order_id)
        if terms.phone:
            owners = select(ClientPhone.client_id).where(ClientPhone.phone == terms.phone)
            conditions.append(Order.client_id.in_(owners))
        if terms.vin:
            conditions.append(Car.vin == terms.vin)
        if terms.vin_tail:
            conditions.append(Car.vin.like(f"%{terms.vin_tail}"))
        if terms.plate:
            conditions.append(Car.plate == terms.plate)
        if not conditions:
            return Page([], 0, limit, offset)
        stmt = self._orders().where(or_(*conditions)).order_by(Order.id.desc())
        return await self._order_page(stmt, limit, offset)

    async def order_card(self, order_id: int, viewer: Employee) -> OrderCard:
        """The whole card in a handful of round trips; the phone is masked for `viewer`."""
        master = aliased(Employee)
        row = (
            await self.session.execute(
                select(Order, Client, Car, master.full_name)
                .join(Client, Client.id == Order.client_id)
                .join(Car, Car.id == Order.car_id)
                .outerjoin(master, master.id == Order.master_id)
                .where(Order.id == order_id)
                .execution_options(populate_existing=True)
            )
        ).first()
        if row is None:
            raise NotFound("order-error-not-found", order_id=order_id)
        order, client, car, master_name = row
        media = await self.session.scalars(
            select(OrderMedia).where(OrderMedia.order_id == order_id).order_by(OrderMedia.id)
        )
        actor = aliased(Employee)
        moves = await self.session.execute(
            select(StageTransition, actor.full_name)
            .outerjoin(actor, actor.id == StageTransition.actor_id)
            .where(StageTransition.order_id == order_id)
            .order_by(StageTransition.id)
        )
        assignee = aliased(Employee)
        tasks = await self.session.execute(
            select(StageTask, assignee.full_name)
            .outerjoin(assignee, assignee.id == StageTask.assignee_id)
            .where(StageTask.order_id == order_id, StageTask.status == TASK_OPEN)
            .order_by(StageTask.id)
        )
        return OrderCard(
            order=order,
            client=client,
            phone=visible_phone(
                client.current_phone, viewer.role_names, await phone_visible_roles(self.session)
            ),
            car=car,
            master_name=master_name,
            parts=list(order.parts),
            works=list(order.works),
            totals=compute_totals(order.parts, order.works),
            media=list(media),
            transitions=[TransitionRow(t, name) for t, name in moves],
            open_tasks=[TaskView(t, name) for t, name in tasks],
        )

    async def shortages(self, order_id: int | None = None) -> list[Shortage]:
        """Parts on order and not (fully) in: of one order, or of every order waiting for
        parts (PARTS_PURCHASE, AWAITING_DELIVERY); the earliest expected first."""
        stmt = (
            select(OrderPart)
            .join(Order, Order.id == OrderPart.order_id)
            .where(
                OrderPart.status != PART_UNAVAILABLE,
                OrderPart.vendor_order_no.is_not(None),
                OrderPart.received_quantity < OrderPart.quantity,
            )
            .order_by(OrderPart.expected_date, OrderPart.order_id, OrderPart.position)
        )
        if order_id is not None:
            stmt = stmt.where(OrderPart.order_id == order_id)
        else:
            stmt = stmt.where(Order.stage.in_(_WAITING_STAGES))
        parts = await self.session.scalars(stmt)
        return [Shortage(p.order_id, p, missing_quantity(p)) for p in parts]

    # Helpers.

    @staticmethod
    def _orders() -> Select[tuple[Order, Car, Client]]:
        return (
            select(Order, Car, Client)
            .join(Car, Car.id == Order.car_id)
            .join(Client, Client.id == Order.client_id)
        )

    async def _order_page(self, stmt: Select[Any], limit: int, offset: int) -> Page[OrderRow]:
        return await self._page(stmt, limit, offset, lambda r: OrderRow(r[0], r[1], r[2]))

    async def _page(
        self, stmt: Select[Any], limit: int, offset: int, make: Callable[[Any], T]
    ) -> Page[T]:
        total = await self.session.scalar(
            select(func.count()).select_from(stmt.order_by(None).subquery())
        )
        rows: Sequence[Any] = (await self.session.execute(stmt.limit(limit).offset(offset))).all()
        return Page([make(r) for r in rows], total or 0, limit, offset)
