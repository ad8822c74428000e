"""From the client's approval to handing the car over: approval, purchase, delivery, check."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Unpack

from services.audit import log as audit
from services.errors import DomainError
from services.normalize import format_quantity
from services.orders import inputs
from services.orders import tasks as task_repo
from services.orders.notices import Notice, NoticeKind, StepResult
from services.orders.parts import PART_ORDERED, PART_RECEIVED, is_available
from services.orders.pipeline import (
    APPROVE_BY_CLIENT,
    CONFIRM_ISSUE,
    ORDER_PARTS,
    RECEIVE_PART,
    REFUSED_BY_CLIENT,
    MoveKind,
    check_reason,
    exit_holds,
    takes_task,
)
from services.orders.stages import Stage
from services.orders.unit_of_work import OrderWork, Seen, ends_on_refusal
from services.storage.models import Employee, Order, OrderPart


@ends_on_refusal
async def record_client_approval(
    work: OrderWork,
    actor: Employee,
    order_id: int,
    *,
    appointment_at: datetime,
    **seen: Unpack[Seen],
) -> StepResult:
    """The client agreed and booked `appointment_at` (aware, not in the past).

    The order moves to PARTS_PURCHASE; when no part needs buying (none, or all
    unavailable) it passes purchase and delivery (each move recorded) to PRE_ISSUE_CHECK.
    """
    order = await work.open_work(order_id, actor, APPROVE_BY_CLIENT, **seen)
    now = work.clock()
    if appointment_at.tzinfo is None or appointment_at < now - timedelta(hours=1):
        raise DomainError("order-error-bad-appointment")
    notices = await work.take_task(order, actor)
    order.client_approved_at = now
    order.appointment_at = appointment_at
    work.journal(
        order,
        actor,
        audit.AuditAction.CLIENT_APPROVED,
        appointment_at=appointment_at.isoformat(),
    )
    return await work.after_work(order, actor, APPROVE_BY_CLIENT, False, notices)


@ends_on_refusal
async def client_refused(
    work: OrderWork,
    actor: Employee,
    order_id: int,
    *,
    reason: str,
    **seen: Unpack[Seen],
) -> StepResult:
    """The client said no during CLIENT_APPROVAL: the order is CANCELLED with `reason`."""
    order = await work.open_work(order_id, actor, REFUSED_BY_CLIENT, **seen)
    cleaned = check_reason(MoveKind.CANCEL, reason)
    notices = await work.take_task(order, actor)
    work.journal(order, actor, audit.AuditAction.ORDER_CANCELLED, stage=order.stage, reason=cleaned)
    return await work.after_work(order, actor, REFUSED_BY_CLIENT, False, notices, reason=cleaned)


@ends_on_refusal
async def set_parts_order(
    work: OrderWork,
    actor: Employee,
    order_id: int,
    part_ids: Sequence[int],
    *,
    vendor_order_no: str,
    expected_date: date,
    vendor: str | None = None,
    finish: bool = False,
    **seen: Unpack[Seen],
) -> StepResult:
    """Record the vendor order of parts (PARTS_PURCHASE), or a new date (AWAITING_DELIVERY);
    several parts in one vendor order are one step, all or none («Тот же заказ … для всех
    деталей»).

    In PARTS_PURCHASE the call that makes every available part ordered moves the order to
    AWAITING_DELIVERY (the storekeeper's task); if all were ordered already (after a move
    back), it moves only with `finish` (the walk through the parts ends the stage), else
    the supplier finishes with `complete_stage`. `vendor` overrides the priced one.
    """
    order = await work.open_work(order_id, actor, ORDER_PARTS, **seen)
    parts = [work.part(order, part_id) for part_id in part_ids]
    order_no = _check_vendor_order(parts, vendor_order_no, expected_date, work.clock().date())
    was_complete = exit_holds(order)
    # During delivery the task is the storekeeper's: a new date does not take it.
    notices = await work.take_task(order, actor) if takes_task(ORDER_PARTS, order) else []
    for part in parts:
        _set_vendor_order(part, order_no, expected_date, inputs.clip(vendor, 100))
        work.journal(
            order,
            actor,
            audit.AuditAction.PART_ORDERED,
            part_id=part.id,
            vendor_order_no=order_no,
            expected_date=expected_date.isoformat(),
        )
    if order.stage == Stage.AWAITING_DELIVERY:
        await _delivery_date_moved(work, order)
    return await work.after_work(order, actor, ORDER_PARTS, was_complete, notices, finish=finish)


async def _delivery_date_moved(work: OrderWork, order: Order) -> None:
    """Receiving waits for the deliveries, so a new date moves its deadline (mirrored with
    the step's open tasks)."""
    task = await task_repo.current_task(work.session, order)
    if task is None:
        return
    now = work.clock()
    task.deadline = work.deadlines.due(order, Stage.AWAITING_DELIVERY, now)
    # A «[Просрочено]» receiving task is on time again once the vendor's new date puts its
    # deadline ahead: off ⏰ Просрочки and the digest, and retitled in Bitrix24.
    if task.deadline > now:
        task.overdue = False


@ends_on_refusal
async def receive_part(
    work: OrderWork,
    actor: Employee,
    order_id: int,
    part_id: int,
    *,
    quantity: Decimal,
    **seen: Unpack[Seen],
) -> StepResult:
    """The storekeeper confirms `quantity` more of a part arrived (partial receipts allowed).

    More than is still missing is refused. The receipt that completes the last part moves
    the order to PRE_ISSUE_CHECK; any other tells the master (`part_received`).
    """
    order = await work.open_work(order_id, actor, RECEIVE_PART, **seen)
    part = work.part(order, part_id)
    amount = _check_receipt(part, quantity)
    notices = await work.take_task(order, actor)
    part.received_quantity = part.received_quantity + amount
    if part.received_quantity >= part.quantity:
        part.status = PART_RECEIVED
    work.journal(
        order,
        actor,
        audit.AuditAction.PART_RECEIVED,
        part_id=part.id,
        quantity=format_quantity(amount),
        # What is in after this receipt: the timeline says "1 из 2", then "2 из 2".
        received=format_quantity(part.received_quantity),
    )
    if not exit_holds(order) and order.master_id is not None:
        notices.append(
            Notice(
                NoticeKind.PART_RECEIVED,
                order.master_id,
                order.id,
                Stage(order.stage),
                part_id=part.id,
                by_id=actor.id,
            )
        )
    return await work.after_work(order, actor, RECEIVE_PART, False, notices)


@ends_on_refusal
async def confirm_pre_issue(
    work: OrderWork,
    actor: Employee,
    order_id: int,
    **seen: Unpack[Seen],
) -> StepResult:
    """The master checked every part and work: the order is DONE (closed_at set)."""
    order = await work.open_work(order_id, actor, CONFIRM_ISSUE, **seen)
    notices = await work.take_task(order, actor)
    work.journal(order, actor, audit.AuditAction.ORDER_DONE)
    return await work.after_work(order, actor, CONFIRM_ISSUE, False, notices)


def _check_vendor_order(
    parts: Sequence[OrderPart], vendor_order_no: str, expected_date: date, today: date
) -> str:
    """The vendor order's number, cleaned; DomainError for an unavailable part, no number or a
    date in the past."""
    for part in parts:
        if not is_available(part):
            raise DomainError("order-error-part-unavailable", part=part.name)
    order_no = inputs.clip(vendor_order_no, 64)
    if order_no is None:
        raise DomainError("order-error-empty-order-no")
    if expected_date < today - timedelta(days=1):
        raise DomainError("order-error-bad-date")
    return order_no


def _set_vendor_order(part: OrderPart, order_no: str, expected: date, vendor: str | None) -> None:
    part.vendor_order_no, part.expected_date = order_no, expected
    if vendor:
        part.vendor = vendor
    if part.status != PART_RECEIVED:
        part.status = PART_ORDERED


def _check_receipt(part: OrderPart, quantity: Decimal) -> Decimal:
    """The amount received, checked: an available part, no more than is still missing."""
    if not is_available(part):
        raise DomainError("order-error-part-unavailable", part=part.name)
    amount = inputs.quantity(quantity)
    missing = part.quantity - part.received_quantity
    if amount > missing:
        raise DomainError(
            "order-error-over-receipt", part=part.name, missing=format_quantity(missing)
        )
    return amount
