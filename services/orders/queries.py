"""Read side of the pipeline: task lists, order lists, the order card, search, shortages.

Never commits. Lists are paged (`limit`/`offset`) and return a `Page` with the total.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import Integer, Select, and_, bindparam, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased, joinedload

from services.errors import NotFound
from services.orders.parts import PART_UNAVAILABLE, missing_quantity
from services.orders.phones import visible_phone
from services.orders.pipeline import sees_every_order
from services.orders.search_terms import parse_search
from services.orders.stages import CLOSED_STAGES, Stage
from services.orders.tasks import TASK_OPEN
from services.orders.totals import compute_totals
from services.orders.views import (
    CarLine,
    ClientLine,
    OrderCard,
    OrderLine,
    OrderRow,
    Shortage,
    TaskLine,
    TaskRow,
    TaskView,
    TransitionRow,
)
from services.paging import Page
from services.staff.shop_settings import phone_roles_column, phone_roles_from
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
        params = {"employee_id": employee.id, "roles": sorted(employee.role_names)}
        return await self._page(_my_tasks(), params, limit, offset, _task_row)

    async def my_orders(
        self,
        employee: Employee,
        *,
        include_closed: bool = False,
        limit: int = DEFAULT_LIMIT,
        offset: int = 0,
    ) -> Page[OrderRow]:
        """Orders where I am the master; every order for the head and the director. Newest first."""
        everyone = sees_every_order(employee.role_names)
        query = _my_orders(everyone, include_closed)
        return await self._page(query, {"master_id": employee.id}, limit, offset, _order_row)

    async def orders_in_stage(
        self, stage: Stage | str, *, limit: int = DEFAULT_LIMIT, offset: int = 0
    ) -> Page[OrderRow]:
        """Orders in `stage`, the longest waiting first."""
        params = {"stage": Stage(stage).value}
        return await self._page(_orders_in_stage(), params, limit, offset, _order_row)

    async def closed_orders(
        self, start: datetime, end: datetime, *, limit: int = DEFAULT_LIMIT, offset: int = 0
    ) -> Page[OrderRow]:
        """Orders done or cancelled from `start` (inclusive) to `end`, the latest closed first."""
        params = {"closed_from": start, "closed_to": end}
        return await self._page(_closed_orders(), params, limit, offset, _order_row)

    async def car_history(
        self, car_id: int, *, limit: int = DEFAULT_LIMIT, offset: int = 0
    ) -> Page[OrderRow]:
        """Every order of the car, newest first."""
        return await self._page(_car_history(), {"car_id": car_id}, limit, offset, _order_row)

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
        stmt = _orders().where(or_(*conditions)).order_by(Order.id.desc())
        return await self._page(_PagedQuery(stmt), {}, limit, offset, _order_row)

    async def order_card(self, order_id: int, viewer: Employee) -> OrderCard:
        """The whole card in a handful of round trips; the phone is masked for `viewer`."""
        card = _card()
        params = {"order_id": order_id}
        # The works arrive joined to the order's row (a row per work), hence unique().
        rows = (await self.session.execute(card.order, params)).unique(_first_column_id).all()
        if not rows:
            raise NotFound("order-error-not-found", order_id=order_id)
        order, car, client_name, master_name, phone, phone_roles, media_count = rows[0]
        tasks = await self.session.execute(card.tasks, params)
        return OrderCard(
            order=order,
            client_name=client_name,
            phone=visible_phone(phone, viewer.role_names, phone_roles_from(phone_roles)),
            car=car,
            master_name=master_name,
            parts=list(order.parts),
            works=list(order.works),
            totals=compute_totals(order.parts, order.works),
            media_count=media_count,
            open_tasks=[TaskView(t, name) for t, name in tasks],
        )

    async def history(self, order_id: int) -> list[TransitionRow]:
        """Every move of the order, oldest first, with who made it."""
        moves = (await self.session.execute(_moves(), {"order_id": order_id})).all()
        await self._refuse_missing_order(order_id, found=bool(moves))
        return [TransitionRow(t, name) for t, name in moves]

    async def media(self, order_id: int) -> list[OrderMedia]:
        """The order's photos, videos and documents in the order they came."""
        media = list(await self.session.scalars(_media(), {"order_id": order_id}))
        await self._refuse_missing_order(order_id, found=bool(media))
        return media

    async def _refuse_missing_order(self, order_id: int, *, found: bool) -> None:
        """One read, and a second only when it found nothing: an order without rows of that
        kind is not the same as no order at all."""
        if not found and await self.session.scalar(_order_exists(), {"order_id": order_id}) is None:
            raise NotFound("order-error-not-found", order_id=order_id)

    async def car_of(self, order_id: int) -> int:
        """The id of the order's car."""
        car_id = await self.session.scalar(_car_of(), {"order_id": order_id})
        if car_id is None:
            raise NotFound("order-error-not-found", order_id=order_id)
        return int(car_id)

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

    async def _page(
        self,
        query: _PagedQuery,
        params: dict[str, Any],
        limit: int,
        offset: int,
        make: Callable[[Any], T],
    ) -> Page[T]:
        rows: Sequence[Any] = (
            await self.session.execute(
                query.page, {**params, "page_limit": limit, "page_offset": offset}
            )
        ).all()
        if rows:
            total = rows[0][-1]
        elif offset:  # past the last page (the list shrank): count on their own
            total = await self.session.scalar(query.count, params) or 0
        else:
            total = 0
        return Page([make(r) for r in rows], total, limit, offset)


class _PagedQuery:
    """A list's statement, built once: one page and the list's length in one round trip
    (`count(*) over ()` on each row), and a plain count for a page past the end."""

    def __init__(self, stmt: Select[Any]) -> None:
        self.page = (
            stmt.add_columns(func.count().over().label("total"))
            .limit(bindparam("page_limit", type_=Integer))
            .offset(bindparam("page_offset", type_=Integer))
        )
        self.count = select(func.count()).select_from(stmt.order_by(None).subquery())


def _orders() -> Select[Any]:
    return (
        select(*_ORDER_LINE, *_CAR_LINE, *_CLIENT_LINE)
        .join(Car, Car.id == Order.car_id)
        .join(Client, Client.id == Order.client_id)
    )


# A list line's columns, in the order of its named tuple (services/orders/views.py).
_ORDER_LINE = (
    Order.id,
    Order.stage,
    Order.version,
    Order.master_id,
    Order.created_at,
    Order.stage_entered_at,
    Order.closed_at,
)
_CAR_LINE = (Car.id, Car.make, Car.model, Car.plate, Car.vin)
_CLIENT_LINE = (Client.id, Client.full_name)
_TASK_LINE = (
    StageTask.id,
    StageTask.order_id,
    StageTask.stage,
    StageTask.role,
    StageTask.assignee_id,
    StageTask.overdue,
    StageTask.deadline,
)

_O, _C = len(_ORDER_LINE), len(_CAR_LINE)
_T = len(_TASK_LINE)


def _task_row(row: Any) -> TaskRow:
    return TaskRow(
        TaskLine._make(row[:_T]),
        OrderLine._make(row[_T : _T + _O]),
        CarLine._make(row[_T + _O : _T + _O + _C]),
    )


def _order_row(row: Any) -> OrderRow:
    return OrderRow(
        OrderLine._make(row[:_O]),
        CarLine._make(row[_O : _O + _C]),
        ClientLine(row[_O + _C], row[_O + _C + 1]),
    )


# Each list's statement is built on first use and kept: building a statement costs about as
# much CPU as running it, and every menu tap runs one.
@cache
def _my_tasks() -> _PagedQuery:
    mine = or_(
        StageTask.assignee_id == bindparam("employee_id"),
        and_(
            StageTask.assignee_id.is_(None),
            StageTask.role.in_(bindparam("roles", expanding=True)),
        ),
    )
    return _PagedQuery(
        select(*_TASK_LINE, *_ORDER_LINE, *_CAR_LINE)
        .join(Order, Order.id == StageTask.order_id)
        .join(Car, Car.id == Order.car_id)
        .where(StageTask.status == TASK_OPEN, mine)
        .order_by(StageTask.deadline, StageTask.id)
    )


@cache
def _my_orders(everyone: bool, include_closed: bool) -> _PagedQuery:
    stmt = _orders()
    if not everyone:
        stmt = stmt.where(Order.master_id == bindparam("master_id"))
    if not include_closed:
        stmt = stmt.where(Order.stage.not_in(_CLOSED))
    return _PagedQuery(stmt.order_by(Order.id.desc()))


@cache
def _orders_in_stage() -> _PagedQuery:
    stmt = _orders().where(Order.stage == bindparam("stage"))
    return _PagedQuery(stmt.order_by(Order.stage_entered_at, Order.id))


@cache
def _closed_orders() -> _PagedQuery:
    stmt = _orders().where(
        Order.stage.in_(_CLOSED),
        Order.closed_at >= bindparam("closed_from"),
        Order.closed_at < bindparam("closed_to"),
    )
    return _PagedQuery(stmt.order_by(Order.closed_at.desc(), Order.id.desc()))


@cache
def _car_history() -> _PagedQuery:
    stmt = _orders().where(Order.car_id == bindparam("car_id"))
    return _PagedQuery(stmt.order_by(Order.id.desc()))


@dataclass(frozen=True)
class _CardStatements:
    order: Select[Any]
    tasks: Select[Any]


@cache
def _card() -> _CardStatements:
    order_id = bindparam("order_id")
    master, assignee = aliased(Employee), aliased(Employee)
    return _CardStatements(
        # One round trip for what the card's head shows: the order with its works, the car,
        # the names, the current phone and who may see it in full, how many media it has.
        order=select(
            Order,
            Car,
            Client.full_name,
            master.full_name,
            Client.current_phone,
            phone_roles_column(),
            select(func.count(OrderMedia.id))
            .where(OrderMedia.order_id == Order.id)
            .scalar_subquery(),
        )
        .join(Client, Client.id == Order.client_id)
        .join(Car, Car.id == Order.car_id)
        .outerjoin(master, master.id == Order.master_id)
        .where(Order.id == order_id)
        .options(joinedload(Order.works))
        .execution_options(populate_existing=True),
        tasks=select(StageTask, assignee.full_name)
        .outerjoin(assignee, assignee.id == StageTask.assignee_id)
        .where(StageTask.order_id == order_id, StageTask.status == TASK_OPEN)
        .order_by(StageTask.id),
    )


@cache
def _moves() -> Select[Any]:
    actor = aliased(Employee)
    return (
        select(StageTransition, actor.full_name)
        .outerjoin(actor, actor.id == StageTransition.actor_id)
        .where(StageTransition.order_id == bindparam("order_id"))
        .order_by(StageTransition.id)
    )


@cache
def _media() -> Select[Any]:
    return (
        select(OrderMedia)
        .where(OrderMedia.order_id == bindparam("order_id"))
        .order_by(OrderMedia.id)
    )


@cache
def _order_exists() -> Select[Any]:
    return select(Order.id).where(Order.id == bindparam("order_id"))


@cache
def _car_of() -> Select[Any]:
    return select(Order.car_id).where(Order.id == bindparam("order_id"))


def _first_column_id(row: Any) -> int:
    """Rows alike by their first entity (the default compares whole rows, and a JSON
    column cannot be hashed)."""
    return int(row[0].id)
