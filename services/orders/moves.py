"""Moves not tied to one stage's work: completing a stage, back moves, cancel, director's force;
`move_to`, which picks among them for a tap in the bot or a stage change in the CRM; and, for
the latter, `note_deal_stage` (a person's move, or what the deal shows anyway?) and
`taking_deal_move` (the bookkeeping the move commits with it)."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Unpack

from sqlalchemy.ext.asyncio import AsyncSession

from services.audit import log as audit
from services.crm.mirror import sent as crm_sent  # a module: the mirror imports services.orders
from services.crm.outbox import Kind, enqueue
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
from services.orders.unit_of_work import (
    OrderNote,
    OrderServiceBase,
    OrderWork,
    Seen,
    ends_on_refusal,
)
from services.staff.roles import Role
from services.storage.models import Employee, Order

if TYPE_CHECKING:  # from_crm imports the mirror, which imports services.orders
    from services.orders.from_crm import DealStageChange, EchoCheck


class MovesMixin(OrderServiceBase):
    @ends_on_refusal
    async def complete_stage(
        self,
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
        order = await self.work.open(
            order_id,
            actor,
            "stage.complete",
            lambda o: forward_rule(o.stage).roles,
            note=note,
            **seen,
        )
        rule = forward_rule(order.stage)
        check_guard(rule.guard, order)
        notices = await self.work.take_task(order, actor)
        move = await self.work.move(order, rule.target, actor, MoveKind.FORWARD)
        return await self.work.finish(order, actor, move=move, notices=notices)

    async def complete_purchase(
        self,
        actor: Employee,
        order_id: int,
        **seen: Unpack[Seen],
    ) -> StepResult:
        """PARTS_PURCHASE → AWAITING_DELIVERY once every available part has an order and date."""
        return await self.complete_stage(actor, order_id, **seen)

    @ends_on_refusal
    async def move_back(
        self,
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
        order = await self.work.open(
            order_id,
            actor,
            "order.move_back",
            lambda o: back_rule(o.stage, to_stage).roles,
            note=note,
            **seen,
        )
        rule = back_rule(order.stage, to_stage)
        cleaned = check_reason(rule.kind, reason)
        self.work.journal(
            order,
            actor,
            audit.AuditAction.ORDER_MOVED_BACK,
            source=order.stage,
            target=rule.target.value,
            reason=cleaned,
        )
        by_role = acting_role(actor.role_names, rule.roles, Stage(order.stage))
        move = await self.work.move(
            order, rule.target, actor, MoveKind.BACK, cleaned, by_role=by_role
        )
        return await self.work.finish(order, actor, move=move)

    @ends_on_refusal
    async def cancel(
        self,
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
        order = await self.work.open(
            order_id,
            actor,
            "order.cancel",
            lambda o: rule_for(o.stage, Stage.CANCELLED).roles,
            note=note,
            **seen,
        )
        rule = rule_for(order.stage, Stage.CANCELLED)
        cleaned = check_reason(rule.kind, reason)
        self.work.journal(
            order, actor, audit.AuditAction.ORDER_CANCELLED, stage=order.stage, reason=cleaned
        )
        move = await self.work.move(order, Stage.CANCELLED, actor, MoveKind.CANCEL, cleaned)
        return await self.work.finish(order, actor, move=move)

    @ends_on_refusal
    async def director_move(
        self,
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
        order = await self.work.open(
            order_id, actor, "order.force", pipeline.DIRECTOR_ONLY, note=note, **seen
        )
        source, target = Stage(order.stage), Stage(to_stage)
        if source not in OPEN_STAGES:
            raise DomainError("order-error-closed", stage=source.value)
        if target in (source, Stage.NEW):
            raise DomainError("order-error-bad-move", stage=source.value, target=target.value)
        kind = classify(source, target)
        cleaned = check_reason(kind, reason)
        self.work.journal(
            order,
            actor,
            audit.AuditAction.ORDER_FORCED,
            source=source.value,
            target=target.value,
            reason=cleaned,
        )
        move = await self.work.move(order, target, actor, kind, cleaned, by_role=Role.DIRECTOR)
        return await self.work.finish(order, actor, move=move)

    async def move_to(
        self,
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
            return await self.cancel(actor, order_id, reason=reason, note=note, **seen)
        if use is Action.COMPLETE_STAGE:
            return await self.complete_stage(actor, order_id, note=note, **seen)
        move = self.director_move if use is Action.DIRECTOR_MOVE else self.move_back
        return await move(actor, order_id, to_stage=to_stage, reason=reason, note=note, **seen)


class StageSeen(Enum):
    AGREES = "agrees"  # the order is at the deal's stage
    NOT_NEW = "not new"  # this stage change was taken in already
    MOVE = "move"  # a person's move: the caller applies it through the move use cases
    ECHO_MEANWHILE = "echo, the bot wrote meanwhile"  # left unaccounted: looked at again
    ECHO = "echo"  # our older write is what the deal shows: the order's stage goes back


async def note_deal_stage(
    session: AsyncSession,
    order_id: int,
    change: DealStageChange,
    target: str,
    *,
    by_webhook: bool,
    is_echo: EchoCheck,
) -> StageSeen | None:
    """What the deal's stage `target` (ours) is to the order; None: no such order.

    A stage change already accounted for is not new (a late or stale read). A new one is a
    write of ours coming back (the stage we sent, or an earlier one the webhook's user set,
    `by_webhook`), or else a person's move, to be applied or refused as usual."""
    work = OrderWork(session)
    order = await work.find(order_id)
    if order is None:
        return None
    new = change.is_new(order)
    if target == order.stage or not new:
        if new:
            change.account(order)
        await work.commit([])
        return StageSeen.AGREES if target == order.stage else StageSeen.NOT_NEW
    if not crm_sent.is_ours(order.crm_stages_sent, change.status_id, by_webhook):
        await session.rollback()  # recorded with the move, in the move's transaction
        return StageSeen.MOVE
    if await is_echo(session, order_id):
        # What the deal shows may already be older than our write, or not (that write may
        # not carry the stage): left unaccounted, the next read looks at this change again.
        await session.rollback()
        return StageSeen.ECHO_MEANWHILE
    # Our older write is what the deal really shows: put the order's stage back on it.
    change.account(order)
    order.crm_stages_sent = crm_sent.unsure(order.crm_stages_sent)
    enqueue(session, Kind.DEAL_SYNC, order_id)
    await work.commit([])
    return StageSeen.ECHO


def taking_deal_move(change: DealStageChange, *, quiet: bool) -> OrderNote:
    """What a person's move made in the CRM records on the order, in the move use case's unit
    of work (`OrderService.move_to(..., note=...)`): the deal's stage change, taken once; and,
    when nothing of ours is on its way to the deal (`quiet`), that the deal shows this stage,
    so a sync need not send it (nor, if the move is refused, think it is there)."""

    def note(order: Order) -> None:
        change.account(order)
        if quiet:
            order.crm_stages_sent = crm_sent.with_sent(order.crm_stages_sent, change.status_id)

    return note
