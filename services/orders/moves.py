"""Moves not tied to one stage's work: completing a stage, back moves, cancel, director's force."""

from __future__ import annotations

from services import audit
from services.errors import DomainError
from services.orders import pipeline
from services.orders.base import OrderServiceBase, use_case
from services.orders.notices import StepResult
from services.orders.pipeline import (
    Action,
    MoveKind,
    acting_role,
    check_guard,
    check_reason,
    classify,
    rule_for,
)
from services.orders.stages import OPEN_STAGES, Stage, next_stage
from services.roles import Role
from services.storage.models import Employee


class MovesMixin(OrderServiceBase):
    @use_case
    async def complete_stage(
        self,
        actor: Employee,
        order_id: int,
        *,
        seen_stage: Stage | str,
        seen_version: int | None = None,
    ) -> StepResult:
        """Move the order one stage forward when the table's guard holds (the stage's role).

        Needed where nothing else moves the order: after a move back when the work is already
        done (all parts priced, ordered or received). LABOUR_PRICING and CLIENT_APPROVAL have
        their own actions (`approve_labour`, `record_client_approval`), whose guards need them.
        """
        order = await self._load(order_id)
        self._check_seen(order, seen_stage, seen_version)
        stage = Stage(order.stage)
        rule = rule_for(stage, next_stage(stage) if stage in OPEN_STAGES else stage)
        await self._authorise(actor, rule.roles, "stage.complete", order.id)
        check_guard(rule.guard, order)
        notices = await self._take_task(order, actor)
        move = await self._move(order, rule.target, actor, MoveKind.FORWARD)
        return await self._finish(order, actor, move=move, notices=notices)

    async def complete_purchase(
        self,
        actor: Employee,
        order_id: int,
        *,
        seen_stage: Stage | str,
        seen_version: int | None = None,
    ) -> StepResult:
        """PARTS_PURCHASE → AWAITING_DELIVERY once every available part has an order and date."""
        return await self.complete_stage(
            actor, order_id, seen_stage=seen_stage, seen_version=seen_version
        )

    @use_case
    async def move_back(
        self,
        actor: Employee,
        order_id: int,
        *,
        to_stage: Stage | str,
        reason: str,
        seen_stage: Stage | str,
        seen_version: int | None = None,
    ) -> StepResult:
        """Send the order back to an earlier stage (not NEW) with a reason.

        Allowed to the current stage's role, any master, the director, and the supplier from
        AWAITING_DELIVERY. Prices, vendor orders and receipts are kept; labour approval is reset
        when going back to LABOUR_PRICING or earlier, the client's approval always (the
        appointment stays as a hint). The left task is cancelled and a new one opened.
        """
        order = await self._load(order_id)
        self._check_seen(order, seen_stage, seen_version)
        rule = rule_for(order.stage, Stage(to_stage))
        if rule.kind is not MoveKind.BACK:
            raise DomainError("order-error-bad-move", stage=order.stage, target=str(to_stage))
        await self._authorise(actor, rule.roles, "order.move_back", order.id)
        cleaned = check_reason(rule.kind, reason)
        audit.record(
            self.session,
            audit.AuditAction.ORDER_MOVED_BACK,
            actor=actor,
            entity_type="order",
            entity_id=order.id,
            source=order.stage,
            target=rule.target.value,
            reason=cleaned,
        )
        by_role = acting_role(actor.role_names, rule.roles, Stage(order.stage))
        move = await self._move(order, rule.target, actor, MoveKind.BACK, cleaned, by_role=by_role)
        return await self._finish(order, actor, move=move)

    @use_case
    async def cancel(
        self,
        actor: Employee,
        order_id: int,
        *,
        reason: str,
        seen_stage: Stage | str,
        seen_version: int | None = None,
    ) -> StepResult:
        """Cancel from any open stage (master, head, director), with a reason.

        Parts already ordered or received get `return_flag` ("return", "restock", "partial");
        the suppliers and storekeepers concerned get an `order_cancelled` notice.
        """
        order = await self._load(order_id)
        self._check_seen(order, seen_stage, seen_version)
        rule = rule_for(order.stage, Stage.CANCELLED)
        await self._authorise(actor, rule.roles, "order.cancel", order.id)
        cleaned = check_reason(rule.kind, reason)
        audit.record(
            self.session,
            audit.AuditAction.ORDER_CANCELLED,
            actor=actor,
            entity_type="order",
            entity_id=order.id,
            stage=order.stage,
            reason=cleaned,
        )
        move = await self._move(order, Stage.CANCELLED, actor, MoveKind.CANCEL, cleaned)
        return await self._finish(order, actor, move=move)

    @use_case
    async def director_move(
        self,
        actor: Employee,
        order_id: int,
        *,
        to_stage: Stage | str,
        reason: str | None = None,
        seen_stage: Stage | str,
        seen_version: int | None = None,
    ) -> StepResult:
        """The director moves an open order to any other stage, guards not checked.

        A reason is required for back moves and cancellation. A forward jump is one recorded
        move (stages with nothing to do are still passed through). Closed orders stay closed.
        """
        order = await self._load(order_id)
        await self._authorise(actor, pipeline.DIRECTOR_ONLY, "order.force", order.id)
        self._check_seen(order, seen_stage, seen_version)
        source, target = Stage(order.stage), Stage(to_stage)
        if source not in OPEN_STAGES:
            raise DomainError("order-error-closed", stage=source.value)
        if target in (source, Stage.NEW):
            raise DomainError("order-error-bad-move", stage=source.value, target=target.value)
        kind = classify(source, target)
        cleaned = check_reason(kind, reason)
        audit.record(
            self.session,
            audit.AuditAction.ORDER_FORCED,
            actor=actor,
            entity_type="order",
            entity_id=order.id,
            source=source.value,
            target=target.value,
            reason=cleaned,
        )
        move = await self._move(order, target, actor, kind, cleaned, by_role=Role.DIRECTOR)
        return await self._finish(order, actor, move=move)

    async def move_to(
        self,
        actor: Employee,
        order_id: int,
        *,
        to_stage: Stage | str,
        reason: str,
        seen_stage: Stage | str,
        seen_version: int | None = None,
    ) -> StepResult:
        """Move the order to `to_stage` by whichever use case the pipeline says carries out
        this person's move there (`pipeline.move_use`): a tap in the bot or a CRM stage change."""
        use = pipeline.move_use(seen_stage, to_stage, actor.role_names)
        seen, version = seen_stage, seen_version
        if use is Action.CANCEL:
            return await self.cancel(
                actor, order_id, reason=reason, seen_stage=seen, seen_version=version
            )
        if use is Action.COMPLETE_STAGE:
            return await self.complete_stage(actor, order_id, seen_stage=seen, seen_version=version)
        move = self.director_move if use is Action.DIRECTOR_MOVE else self.move_back
        return await move(
            actor, order_id, to_stage=to_stage, reason=reason, seen_stage=seen, seen_version=version
        )
