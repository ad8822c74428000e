"""The supplier's one-tap answers to a delivery check: on time, a new date, cancel at the vendor."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from services.audit import log as audit
from services.errors import DomainError
from services.orders.notices import StepResult
from services.orders.parts import PART_NEW, PART_ORDERED
from services.orders.pipeline import ORDER_PARTS, MoveKind, check_reason, rule_for
from services.orders.stages import Stage
from services.orders.unit_of_work import OrderWork, ends_on_refusal
from services.orders.use_cases import set_parts_order
from services.storage import unit_of_work
from services.storage.models import Employee, OrderPart


async def awaited_part(work: OrderWork, part_id: int) -> OrderPart:
    """The part, while it is still on order; a stale button explains itself otherwise."""
    part = await work.session.scalar(
        select(OrderPart).where(OrderPart.id == part_id).execution_options(populate_existing=True)
    )
    if part is None or part.status != PART_ORDERED:
        raise DomainError("alert-delivery-stale")
    return part


@ends_on_refusal
async def on_time(work: OrderWork, actor: Employee, part_id: int) -> OrderPart:
    """Recorded in the audit journal; the next check comes on the expected day anyway."""
    part = await awaited_part(work, part_id)
    await work.authorise(actor, [ORDER_PARTS.role], "delivery.on_time", part.order_id)
    audit.record(
        work.session,
        audit.AuditAction.DELIVERY_ON_TIME,
        actor=actor,
        entity_type="order",
        entity_id=part.order_id,
        part_id=part.id,
    )
    await unit_of_work.commit(work.session)
    return part


async def new_date(work: OrderWork, actor: Employee, part_id: int, expected: date) -> StepResult:
    """The checks follow the part's expected date, so a new date re-plans them."""
    part = await awaited_part(work, part_id)
    order = await work.load(part.order_id)
    return await set_parts_order(
        work,
        actor,
        order.id,
        [part.id],
        vendor_order_no=part.vendor_order_no or "—",
        expected_date=expected,
        seen_stage=order.stage,
    )


@ends_on_refusal
async def cancel_at_vendor(
    work: OrderWork, actor: Employee, part_id: int, reason: str
) -> StepResult:
    """The part is to be priced again (another vendor): its order and prices are cleared
    and the order goes back to parts pricing, with the reason in its history."""
    part = await awaited_part(work, part_id)
    order = await work.load(part.order_id)
    rule = rule_for(order.stage, Stage.PARTS_PRICING)
    if rule.kind is not MoveKind.BACK:
        raise DomainError("alert-delivery-stale")
    await work.authorise(actor, [ORDER_PARTS.role], "delivery.cancel", order.id)
    cleaned = check_reason(rule.kind, reason)
    part = work.part(order, part_id)
    part.status = PART_NEW
    part.vendor_order_no = None
    part.expected_date = None
    part.purchase_price = None
    part.sale_price = None
    work.journal(order, actor, audit.AuditAction.DELIVERY_CANCELLED, part_id=part.id)
    move = await work.move(
        order, Stage.PARTS_PRICING, actor, MoveKind.BACK, cleaned, by_role=ORDER_PARTS.role
    )
    return await work.finish(order, actor, move=move)
