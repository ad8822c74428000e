"""Moves not tied to one stage's work: completing a stage, back moves, cancel, director's force;
and `move_to`, which picks among them for a tap in the bot or a stage change in the CRM (whose
bookkeeping, `moves.taking_deal_move`, is the `note` the move commits with it)."""

from __future__ import annotations

from typing import Unpack

from services.audit import log as audit
from services.errors import DomainError
from services.orders import pipeline
from services.orders.notices import StepResult
from services.orders.pipeline import (
    Action,
    MoveKind,
    acting_role,
    back_rule,
    check_guard,
    check_reason,
    classify,
    forward_rule,
    rule_for,
)
from services.orders.stages import OPEN_STAGES, Stage
from services.orders.unit_of_work import OrderNote, OrderWork, Seen, ends_on_refusal
from services.staff.roles import Role
from services.storage.models import Employee


@ends_on_refusal
async def complete_stage(
    work: OrderWork,
    actor: Employee,
    order_id: int,
    *,
    note: OrderNote | None = None,
    **seen: Unpack[Seen],
) -> StepResult:
    """Move the order one stage forward when the table's guard holds (the stage's role).

    Needed where nothing else moves the order: after a move back when the work is already
    done (all parts priced, ordered or received). LABOUR_PRICING and CLIENT_APPROVAL have
    their own actions (`approve_labour`, `record_client_approval`), whose guards need them.
    """
    order = await work.open(
        order_id,
        actor,
        "stage.complete",
        lambda o: forward_rule(o.stage).roles,
        note=note,
        **seen,
    )
    rule = forward_rule(order.stage)
    check_guard(rule.guard, order)
    notices = await work.take_task(order, actor)
    move = await work.move(order, rule.target, actor, MoveKind.FORWARD)
    return await work.finish(order, actor, move=move, notices=notices)


async def complete_purchase(
    work: OrderWork,
    actor: Employee,
    order_id: int,
    **seen: Unpack[Seen],
) -> StepResult:
    """PARTS_PURCHASE → AWAITING_DELIVERY once every available part has an order and date."""
    return await complete_stage(work, actor, order_id, **seen)


@ends_on_refusal
async def move_back(
    work: OrderWork,
    actor: Employee,
    order_id: int,
    *,
    to_stage: Stage | str,
    reason: str,
    note: OrderNote | None = None,
    **seen: Unpack[Seen],
) -> StepResult:
    """Send the order back to an earlier stage (not NEW) with a reason.

    Allowed to the current stage's role, any master, the director, and the supplier from
    AWAITING_DELIVERY. Prices, vendor orders and receipts are kept; labour approval is reset
    when going back to LABOUR_PRICING or earlier, the client's approval always (the
    appointment stays as a hint). The left task is cancelled and a new one opened.
    """
    order = await work.open(
        order_id,
        actor,
        "order.move_back",
        lambda o: back_rule(o.stage, to_stage).roles,
        note=note,
        **seen,
    )
    rule = back_rule(order.stage, to_stage)
    cleaned = check_reason(rule.kind, reason)
    work.journal(
        order,
        actor,
        audit.AuditAction.ORDER_MOVED_BACK,
        source=order.stage,
        target=rule.target.value,
        reason=cleaned,
    )
    by_role = acting_role(actor.role_names, rule.roles, Stage(order.stage))
    move = await work.move(order, rule.target, actor, MoveKind.BACK, cleaned, by_role=by_role)
    return await work.finish(order, actor, move=move)


@ends_on_refusal
async def cancel(
    work: OrderWork,
    actor: Employee,
    order_id: int,
    *,
    reason: str,
    note: OrderNote | None = None,
    **seen: Unpack[Seen],
) -> StepResult:
    """Cancel from any open stage (master, head, director), with a reason.

    Parts already ordered or received get `return_flag` ("return", "restock", "partial");
    the suppliers and storekeepers concerned get an `order_cancelled` notice.
    """
    order = await work.open(
        order_id,
        actor,
        "order.cancel",
        lambda o: rule_for(o.stage, Stage.CANCELLED).roles,
        note=note,
        **seen,
    )
    rule = rule_for(order.stage, Stage.CANCELLED)
    cleaned = check_reason(rule.kind, reason)
    work.journal(order, actor, audit.AuditAction.ORDER_CANCELLED, stage=order.stage, reason=cleaned)
    move = await work.move(order, Stage.CANCELLED, actor, MoveKind.CANCEL, cleaned)
    return await work.finish(order, actor, move=move)


@ends_on_refusal
async def director_move(
    work: OrderWork,
    actor: Employee,
    order_id: int,
    *,
    to_stage: Stage | str,
    reason: str | None = None,
    note: OrderNote | None = None,
    **seen: Unpack[Seen],
) -> StepResult:
    """The director moves an open order to any other stage, guards not checked.

    A reason is required for back moves and cancellation. A forward jump is one recorded
    move (stages with nothing to do are still passed through). Closed orders stay closed.
    """
    order = await work.open(
        order_id, actor, "order.force", pipeline.DIRECTOR_ONLY, note=note, **seen
    )
    source, target = Stage(order.stage), Stage(to_stage)
    if source not in OPEN_STAGES:
        raise DomainError("order-error-closed", stage=source.value)
    if target in (source, Stage.NEW):
        raise DomainError("order-error-bad-move", stage=source.value, target=target.value)
    kind = classify(source, target)
    cleaned = check_reason(kind, reason)
    work.journal(
        order,
        actor,
        audit.AuditAction.ORDER_FORCED,
        source=source.value,
        target=target.value,
        reason=cleaned,
    )
    move = await work.move(order, target, actor, kind, cleaned, by_role=Role.DIRECTOR)
    return await work.finish(order, actor, move=move)


async def move_to(
    work: OrderWork,
    actor: Employee,
    order_id: int,
    *,
    to_stage: Stage | str,
    reason: str,
    note: OrderNote | None = None,
    **seen: Unpack[Seen],
) -> StepResult:
    """Move the order to `to_stage` by whichever use case the pipeline says carries out
    this person's move there (`pipeline.move_use`): a tap in the bot or a CRM stage change
    (whose bookkeeping on the order, `note`, is committed with the move)."""
    use = pipeline.move_use(seen["seen_stage"], to_stage, actor.role_names)
    if use is Action.CANCEL:
        return await cancel(work, actor, order_id, reason=reason, note=note, **seen)
    if use is Action.COMPLETE_STAGE:
        return await complete_stage(work, actor, order_id, note=note, **seen)
    move = director_move if use is Action.DIRECTOR_MOVE else move_back
    return await move(work, actor, order_id, to_stage=to_stage, reason=reason, note=note, **seen)
