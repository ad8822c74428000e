"""Opening a repair order (stage NEW), which moves on to parts pricing by itself.

`create_order` opens one for a client and car already saved; `take_in` saves the new order
dialog's answers, a new client and the car answer with the order, in one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Protocol

from services.audit import log as audit
from services.clients import UNSAVED_CLIENT, CarAnswer, CarResolver, ClientService
from services.crm.outbox import writer as outbox_events
from services.errors import DomainError, NotFound
from services.orders import inputs
from services.orders.inputs import MediaInput, PartInput, PartLike
from services.orders.mover import MoveRecord
from services.orders.notices import StepResult
from services.orders.parts import PART_NEW
from services.orders.pipeline import OPEN_ORDER, MoveKind, after_work
from services.orders.stages import Stage
from services.orders.unit_of_work import OrderWork, ends_on_refusal
from services.storage.models import (
    Car,
    Client,
    Employee,
    Order,
    OrderMedia,
    OrderPart,
    StageTransition,
)

MAX_COMPLAINT_LENGTH = 4000

Parts = Sequence[PartInput | PartLike | tuple[str, str | None, Decimal]]


@dataclass(frozen=True)
class NewClient:
    """A client to create with the order: an E.164 number nobody uses now, a name or None."""

    full_name: str | None
    phone: str


class MadeFromDeal(Protocol):
    """The CRM deal an order is made from (`from_crm.DealLink`): the deal exists already, so
    `finish` ties the order to it and queues what the deal lacks, in place of the step's
    outbox rows, and commits the order with the link."""

    async def finish(
        self, work: OrderWork, order: Order, master: Employee, move: MoveRecord
    ) -> StepResult: ...


@ends_on_refusal
async def create_order(
    work: OrderWork,
    master: Employee,
    *,
    client_id: int,
    car_id: int,
    complaint: str,
    parts: Parts = (),
    media: Sequence[MediaInput] = (),
    deal: MadeFromDeal | None = None,
) -> StepResult:
    """Save a new order with `master` as its master and move it to PARTS_PRICING.

    Both moves are recorded (None → NEW, NEW → PARTS_PRICING); an order without parts
    passes pricing straight on to LABOUR_PRICING. The suppliers get a `task_new` notice.
    `deal`: the CRM deal the order is made from, linked in the same commit.
    Refuses: Forbidden (not a master), NotFound (client or car), bad part input.
    """
    await work.authorise(master, [OPEN_ORDER.role], OPEN_ORDER.name)
    part_rows, media_rows = _rows(parts, media, master)
    return await _open(work, master, client_id, car_id, complaint, part_rows, media_rows, deal)


@ends_on_refusal
async def take_in(
    work: OrderWork,
    master: Employee,
    *,
    client: int | NewClient,
    car: int | CarAnswer,
    complaint: str,
    parts: Parts = (),
    media: Sequence[MediaInput] = (),
) -> StepResult:
    """`create_order` for the new order dialog's answers: the client (saved, or new), the
    car (saved, or the answer about the one found by VIN or plate) and the order are saved
    together or not at all. Refuses as `create_order` does, and as `ClientService.create`
    (the number taken meanwhile) and `CarResolver.apply` (the car moved: StaleAction) do;
    nothing is left saved then, so the master fixes that answer and saves again."""
    await work.authorise(master, [OPEN_ORDER.role], OPEN_ORDER.name)
    part_rows, media_rows = _rows(parts, media, master)
    resolver = CarResolver(work.session, work.clock)
    try:
        if isinstance(car, CarAnswer):
            # Checked before a new client is saved: one not saved yet owns nothing.
            owner = client if isinstance(client, int) else UNSAVED_CLIENT
            await resolver.check(car, owner)
        # The saved client and car stay referenced until the order is saved: the identity
        # map holds objects weakly, and with them alive the order's checks find them there.
        saved_client: int | Client = (
            client if isinstance(client, int) else await _new_client(work, client, master)
        )
        client_id = _id(saved_client)
        saved_car: int | Car = (
            car if isinstance(car, int) else await resolver.carry_out(car, client_id, actor=master)
        )
        car_id = _id(saved_car)
        return await _open(work, master, client_id, car_id, complaint, part_rows, media_rows)
    except DomainError:
        # The client and car may be written already: none of it stays.
        await work.session.rollback()
        raise


async def _new_client(work: OrderWork, client: NewClient, master: Employee) -> Client:
    clients = ClientService(work.session, work.clock)
    return await clients.create(client.full_name, client.phone, actor=master)


async def _open(
    work: OrderWork,
    master: Employee,
    client_id: int,
    car_id: int,
    complaint: str,
    part_rows: list[OrderPart],
    media_rows: list[OrderMedia],
    deal: MadeFromDeal | None = None,
) -> StepResult:
    if await work.session.get(Client, client_id) is None:
        raise NotFound("client-error-not-found")
    if await work.session.get(Car, car_id) is None:
        raise NotFound("car-error-not-found")
    now = work.clock()
    order = _new_order(master, client_id, car_id, complaint, part_rows, now)
    work.session.add(order)
    await work.session.flush()
    for row in media_rows:
        row.order_id = order.id
        row.created_at = now
        work.session.add(row)
    outbox_events.media_added(work.session, order.id, media_rows)
    opened = StageTransition(
        order_id=order.id, from_stage=None, to_stage=Stage.NEW.value, actor_id=master.id, at=now
    )
    work.session.add(opened)
    target = after_work(order, OPEN_ORDER, was_done=False)
    assert target is not None  # NEW is left as soon as the order is saved
    move = await work.move(order, target, master, MoveKind.FORWARD, new_order=True)
    move.transitions.insert(0, opened)  # the step's comment tells both moves
    work.journal(
        order,
        master,
        audit.AuditAction.ORDER_CREATED,
        parts=len(part_rows),
        media=len(media_rows),
    )
    if deal is not None:
        return await deal.finish(work, order, master, move)
    return await work.finish(order, master, move=move)


def _new_order(
    master: Employee,
    client_id: int,
    car_id: int,
    complaint: str,
    part_rows: list[OrderPart],
    now: datetime,
) -> Order:
    order = Order(
        stage=Stage.NEW.value,
        client_id=client_id,
        car_id=car_id,
        master_id=master.id,
        complaint=inputs.clip(complaint, MAX_COMPLAINT_LENGTH) or "",
        created_at=now,
        stage_entered_at=now,
        version=1,
    )
    order.parts = part_rows
    order.works = []
    return order


def _id(saved: int | Client | Car) -> int:
    return saved if isinstance(saved, int) else saved.id


def _rows(
    parts: Parts, media: Sequence[MediaInput], master: Employee
) -> tuple[list[OrderPart], list[OrderMedia]]:
    """The order's part and media rows; bad part input refuses before anything is written."""
    part_rows = [_part_row(i, inputs.as_part(p)) for i, p in enumerate(parts, start=1)]
    return part_rows, [_media_row(MediaInput(*m), master) for m in media]


def _part_row(position: int, part: PartInput) -> OrderPart:
    return OrderPart(
        position=position,
        name=inputs.name(part.name),
        article=inputs.clip(part.article, 40),
        quantity=inputs.quantity(part.quantity),
        status=PART_NEW,
        received_quantity=0,
    )


def _media_row(media: MediaInput, master: Employee) -> OrderMedia:
    return OrderMedia(
        kind=inputs.media_kind(media.kind),
        file_id=media.file_id,
        file_unique_id=media.file_unique_id,
        file_size=media.file_size,
        media_group_id=media.media_group_id,
        added_by_id=master.id,
    )
