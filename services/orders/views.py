"""What the queries return: plain read-only bundles the dialogs render."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import NamedTuple

from services.orders.totals import OrderTotals
from services.storage.models import (
    Car,
    Order,
    OrderPart,
    StageTask,
    StageTransition,
    WorkLine,
)


# What a list line shows, as plain values: a page of ORM objects cost more to build (an
# identity-map entry and instance state per object, three objects a line) than to read.
class OrderLine(NamedTuple):
    id: int
    stage: str
    version: int
    master_id: int | None
    created_at: datetime
    stage_entered_at: datetime
    closed_at: datetime | None


class CarLine(NamedTuple):
    """What `car_label` shows of a car."""

    id: int
    make: str | None
    model: str | None
    plate: str | None
    vin: str | None


class ClientLine(NamedTuple):
    id: int
    full_name: str | None


class TaskLine(NamedTuple):
    id: int
    order_id: int
    stage: str
    role: str
    assignee_id: int | None
    overdue: bool
    deadline: datetime


@dataclass(frozen=True)
class OrderRow:
    """One line of an order list: "№ 1024 · BMW X5 · А123ВС77 · Иван Петров"."""

    order: OrderLine
    car: CarLine
    client: ClientLine


@dataclass(frozen=True)
class TaskRow:
    task: TaskLine
    order: OrderLine
    car: CarLine


@dataclass(frozen=True)
class TransitionRow:
    transition: StageTransition
    actor_name: str | None


@dataclass(frozen=True)
class TaskView:
    task: StageTask
    assignee_name: str | None  # None while the task is offered to the role


@dataclass(frozen=True)
class OrderCard:
    """Everything the order card shows, read in one call."""

    order: Order
    client_name: str | None
    phone: str | None  # the current number, formatted, masked for roles that may not see it
    car: Car
    master_name: str | None
    parts: list[OrderPart]
    works: list[WorkLine]
    totals: OrderTotals
    media_count: int  # the media themselves: `OrderQueries.media`
    open_tasks: list[TaskView]


@dataclass(frozen=True)
class Shortage:
    """A part still missing: ordered quantity minus what has been received."""

    order_id: int
    part: OrderPart
    missing: Decimal
