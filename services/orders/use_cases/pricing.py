"""Parts pricing (supplier) and labour pricing (head)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Unpack

from services.audit import log as audit
from services.errors import DomainError, NotFound
from services.orders import inputs
from services.orders.notices import StepResult
from services.orders.parts import PART_NEW, PART_PRICED, PART_UNAVAILABLE
from services.orders.pipeline import (
    ADD_WORKS,
    APPROVE_LABOUR,
    MARK_UNAVAILABLE,
    PRICE_PART,
    REMOVE_WORK,
    exit_holds,
)
from services.orders.totals import DEFAULT_MARKUP_PERCENT, default_sale_price
from services.orders.unit_of_work import OrderWork, Seen, ends_on_refusal
from services.storage.models import Employee, WorkLine


@ends_on_refusal
async def price_part(
    work: OrderWork,
    actor: Employee,
    order_id: int,
    part_id: int,
    *,
    purchase_price: Decimal,
    sale_price: Decimal | None = None,
    vendor: str,
    delivery_days: int,
    markup_percent: Decimal = DEFAULT_MARKUP_PERCENT,
    **seen: Unpack[Seen],
) -> StepResult:
    """Price one part (unit prices); `sale_price=None` means the shop's markup
    (`markup_percent`) on the purchase price, whole rubles.

    Pricing the last unpriced part moves the order to LABOUR_PRICING. After a move back to
    PARTS_PRICING every part may already be priced: then corrections do not move the order,
    and the supplier finishes with `complete_stage`. Also takes the stage task if unclaimed.
    """
    order = await work.open_work(order_id, actor, PRICE_PART, **seen)
    part = work.part(order, part_id)
    purchase = inputs.price(purchase_price)
    sale = (
        default_sale_price(purchase, markup_percent)
        if sale_price is None
        else inputs.price(sale_price)
    )
    vendor_name = inputs.name(vendor, 100)
    days = inputs.delivery_days(delivery_days)
    was_complete = exit_holds(order)
    notices = await work.take_task(order, actor)
    part.purchase_price, part.sale_price = purchase, sale
    part.vendor, part.delivery_days = vendor_name, days
    if part.status in (PART_NEW, PART_UNAVAILABLE):
        part.status = PART_PRICED
    work.journal(
        order,
        actor,
        audit.AuditAction.PART_PRICED,
        part_id=part.id,
        purchase=str(purchase),
        sale=str(sale),
    )
    return await work.after_work(order, actor, PRICE_PART, was_complete, notices)


@ends_on_refusal
async def mark_part_unavailable(
    work: OrderWork,
    actor: Employee,
    order_id: int,
    part_id: int,
    **seen: Unpack[Seen],
) -> StepResult:
    """The part cannot be had: it leaves totals and purchase. Moves on like `price_part`."""
    order = await work.open_work(order_id, actor, MARK_UNAVAILABLE, **seen)
    part = work.part(order, part_id)
    if part.vendor_order_no or part.received_quantity > 0:
        raise DomainError("order-error-part-ordered", part=part.name)
    was_complete = exit_holds(order)
    notices = await work.take_task(order, actor)
    part.status = PART_UNAVAILABLE
    work.journal(order, actor, audit.AuditAction.PART_UNAVAILABLE, part_id=part.id)
    return await work.after_work(order, actor, MARK_UNAVAILABLE, was_complete, notices)


@ends_on_refusal
async def add_works(
    work: OrderWork,
    actor: Employee,
    order_id: int,
    works: Sequence[tuple[str, Decimal]],
    **seen: Unpack[Seen],
) -> StepResult:
    """Add work lines (name, cost) in LABOUR_PRICING in one step, all or none, in the order
    given (the new works are last in `order.works`): the head types them in one message."""
    order = await work.open_work(order_id, actor, ADD_WORKS, **seen)
    lines = [(inputs.name(name), inputs.price(cost)) for name, cost in works]
    notices = await work.take_task(order, actor)
    position = max((w.position for w in order.works), default=0)
    for work_name, work_cost in lines:
        position += 1
        order.works.append(WorkLine(position=position, name=work_name, cost=work_cost))
        work.journal(
            order, actor, audit.AuditAction.WORK_ADDED, name=work_name, cost=str(work_cost)
        )
    return await work.finish(order, actor, notices=notices)


@ends_on_refusal
async def remove_work(
    work: OrderWork,
    actor: Employee,
    order_id: int,
    work_id: int,
    **seen: Unpack[Seen],
) -> StepResult:
    """Remove a work line in LABOUR_PRICING."""
    order = await work.open_work(order_id, actor, REMOVE_WORK, **seen)
    line = next((w for w in order.works if w.id == work_id), None)
    if line is None:
        raise NotFound("order-error-work-not-found", work_id=work_id)
    notices = await work.take_task(order, actor)
    order.works.remove(line)
    work.journal(order, actor, audit.AuditAction.WORK_REMOVED, name=line.name, cost=str(line.cost))
    return await work.finish(order, actor, notices=notices)


@ends_on_refusal
async def approve_labour(
    work: OrderWork,
    actor: Employee,
    order_id: int,
    **seen: Unpack[Seen],
) -> StepResult:
    """The head approves the estimate (at least one work): the order goes to CLIENT_APPROVAL
    and its master gets the approval task."""
    order = await work.open_work(order_id, actor, APPROVE_LABOUR, **seen)
    if not order.works:
        raise DomainError("order-error-no-works")
    notices = await work.take_task(order, actor)
    order.labour_approved = True
    work.journal(order, actor, audit.AuditAction.LABOUR_APPROVED)
    return await work.after_work(order, actor, APPROVE_LABOUR, False, notices)
