"""From the client's approval to handing the car over: approval, purchase, delivery, check."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal

from services import audit
from services.errors import DomainError
from services.normalize import format_quantity
from services.orders import inputs
from services.orders import tasks as task_repo
from services.orders.base import OrderServiceBase, use_case
from services.orders.notices import Notice, NoticeKind, StepResult
from services.orders.parts import PART_ORDERED, PART_RECEIVED, is_available
from services.orders.stages import Stage
from services.orders.transitions import PARTS_ORDERED, PARTS_RECEIVED, MoveKind, check_reason
from services.roles import Role
from services.storage.models import Employee


class FulfilmentMixin(OrderServiceBase):
    @use_case
    async def record_client_approval(
        self,
        actor: Employee,
        order_id: int,
        *,
        appointment_at: datetime,
        seen_stage: Stage | str,
        seen_version: int | None = None,
    ) -> StepResult:
        """The client agreed and booked `appointment_at` (aware, not in the past).

        The order moves to PARTS_PURCHASE; when no part needs buying (none, or all
        unavailable) it passes purchase and delivery (each move recorded) to PRE_ISSUE_CHECK.
        """
        order = await self._stage_work(
            actor,
            order_id,
            Role.MASTER,
            "client.approve",
            seen_stage,
            seen_version,
            Stage.CLIENT_APPROVAL,
        )
        now = self.clock()
        if appointment_at.tzinfo is None or appointment_at < now - timedelta(hours=1):
            raise DomainError("order-error-bad-appointment")
        notices = await self._take_task(order, actor)
        order.client_approved_at = now
        order.appointment_at = appointment_at
        audit.record(
            self.session,
            audit.AuditAction.CLIENT_APPROVED,
            actor=actor,
            entity_type="order",
            entity_id=order.id,
            appointment_at=appointment_at.isoformat(),
        )
        move = await self._move(order, Stage.PARTS_PURCHASE, actor, MoveKind.FORWARD)
        return await self._finish(order, actor, move=move, notices=notices)

    @use_case
    async def client_refused(
        self,
        actor: Employee,
        order_id: int,
        *,
        reason: str,
        seen_stage: Stage | str,
        seen_version: int | None = None,
    ) -> StepResult:
        """The client said no during CLIENT_APPROVAL: the order is CANCELLED with `reason`."""
        order = await self._stage_work(
            actor,
            order_id,
            Role.MASTER,
            "client.refuse",
            seen_stage,
            seen_version,
            Stage.CLIENT_APPROVAL,
        )
        cleaned = check_reason(MoveKind.CANCEL, reason)
        notices = await self._take_task(order, actor)
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
        return await self._finish(order, actor, move=move, notices=notices)

    @use_case
    async def set_parts_order(
        self,
        actor: Employee,
        order_id: int,
        part_ids: Sequence[int],
        *,
        vendor_order_no: str,
        expected_date: date,
        vendor: str | None = None,
        seen_stage: Stage | str,
        seen_version: int | None = None,
    ) -> StepResult:
        """Record the vendor order of parts (PARTS_PURCHASE), or a new date (AWAITING_DELIVERY);
        several parts in one vendor order are one step, all or none («Тот же заказ … для всех
        деталей»).

        In PARTS_PURCHASE the call that makes every available part ordered moves the order to
        AWAITING_DELIVERY (the storekeeper's task); if all were ordered already (after a move
        back), the supplier finishes with `complete_stage`. `vendor` overrides the priced one.
        """
        order = await self._stage_work(
            actor,
            order_id,
            Role.SUPPLIER,
            "part.order",
            seen_stage,
            seen_version,
            Stage.PARTS_PURCHASE,
            Stage.AWAITING_DELIVERY,
        )
        parts = [self._part(order, part_id) for part_id in part_ids]
        for part in parts:
            if not is_available(part):
                raise DomainError("order-error-part-unavailable", part=part.name)
        order_no = inputs.clip(vendor_order_no, 64)
        if order_no is None:
            raise DomainError("order-error-empty-order-no")
        if expected_date < self.clock().date() - timedelta(days=1):
            raise DomainError("order-error-bad-date")
        vendor_name = inputs.clip(vendor, 100)
        purchasing = order.stage == Stage.PARTS_PURCHASE
        was_complete = PARTS_ORDERED.check(order)
        # During delivery the task is the storekeeper's: a new date does not take it.
        notices = await self._take_task(order, actor) if purchasing else []
        for part in parts:
            part.vendor_order_no, part.expected_date = order_no, expected_date
            if vendor_name:
                part.vendor = vendor_name
            if part.status != PART_RECEIVED:
                part.status = PART_ORDERED
            audit.record(
                self.session,
                audit.AuditAction.PART_ORDERED,
                actor=actor,
                entity_type="order",
                entity_id=order.id,
                part_id=part.id,
                vendor_order_no=order_no,
                expected_date=expected_date.isoformat(),
            )
        move = None
        if purchasing and not was_complete and PARTS_ORDERED.check(order):
            move = await self._move(order, Stage.AWAITING_DELIVERY, actor, MoveKind.FORWARD)
        elif not purchasing:
            # Receiving waits for the deliveries, so a new date moves its deadline (mirrored
            # with the step's open tasks).
            task = await task_repo.current_task(self.session, order)
            if task is not None:
                now = self.clock()
                task.deadline = self.deadlines.due(order, Stage.AWAITING_DELIVERY, now)
                # A «[Просрочено]» receiving task is on time again once the vendor's new date
                # puts its deadline ahead: off ⏰ Просрочки and the digest, and retitled in
                # Bitrix24 (the step mirrors its open tasks).
                if task.deadline > now:
                    task.overdue = False
        return await self._finish(order, actor, move=move, notices=notices)

    @use_case
    async def receive_part(
        self,
        actor: Employee,
        order_id: int,
        part_id: int,
        *,
        quantity: Decimal,
        seen_stage: Stage | str,
        seen_version: int | None = None,
    ) -> StepResult:
        """The storekeeper confirms `quantity` more of a part arrived (partial receipts allowed).

        More than is still missing is refused. The receipt that completes the last part moves
        the order to PRE_ISSUE_CHECK; any other tells the master (`part_received`).
        """
        order = await self._stage_work(
            actor,
            order_id,
            Role.STOREKEEPER,
            "part.receive",
            seen_stage,
            seen_version,
            Stage.AWAITING_DELIVERY,
        )
        part = self._part(order, part_id)
        if not is_available(part):
            raise DomainError("order-error-part-unavailable", part=part.name)
        amount = inputs.quantity(quantity)
        missing = part.quantity - part.received_quantity
        if amount > missing:
            raise DomainError(
                "order-error-over-receipt", part=part.name, missing=format_quantity(missing)
            )
        notices = await self._take_task(order, actor)
        part.received_quantity = part.received_quantity + amount
        if part.received_quantity >= part.quantity:
            part.status = PART_RECEIVED
        audit.record(
            self.session,
            audit.AuditAction.PART_RECEIVED,
            actor=actor,
            entity_type="order",
            entity_id=order.id,
            part_id=part.id,
            quantity=format_quantity(amount),
            # What is in after this receipt: the timeline says "1 из 2", then "2 из 2".
            received=format_quantity(part.received_quantity),
        )
        if PARTS_RECEIVED.check(order):
            move = await self._move(order, Stage.PRE_ISSUE_CHECK, actor, MoveKind.FORWARD)
            return await self._finish(order, actor, move=move, notices=notices)
        if order.master_id is not None:
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
        return await self._finish(order, actor, notices=notices)

    @use_case
    async def confirm_pre_issue(
        self,
        actor: Employee,
        order_id: int,
        *,
        seen_stage: Stage | str,
        seen_version: int | None = None,
    ) -> StepResult:
        """The master checked every part and work: the order is DONE (closed_at set)."""
        order = await self._stage_work(
            actor,
            order_id,
            Role.MASTER,
            "order.issue",
            seen_stage,
            seen_version,
            Stage.PRE_ISSUE_CHECK,
        )
        notices = await self._take_task(order, actor)
        audit.record(
            self.session,
            audit.AuditAction.ORDER_DONE,
            actor=actor,
            entity_type="order",
            entity_id=order.id,
        )
        move = await self._move(order, Stage.DONE, actor, MoveKind.FORWARD)
        return await self._finish(order, actor, move=move, notices=notices)
