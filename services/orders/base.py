"""What every order use case shares: loading and locking, authorising, staleness, finishing.

A use case validates everything before it changes anything, then commits once in `_finish`.
A refused action changes nothing; an access refusal is audited and that audit is committed.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Collection
from datetime import timedelta
from decimal import Decimal
from typing import Concatenate, ParamSpec, TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services import audit
from services.alerts.config import WorkHours
from services.clock import Clock, system_clock
from services.errors import DomainError, Forbidden, NotFound, StaleAction
from services.orders import pipeline
from services.orders import tasks as task_repo
from services.orders.deadlines import DEFAULT_WORK_HOURS, Deadlines
from services.orders.moving import Mover, MoveRecord
from services.orders.notices import Notice, NoticeKind, NoticeQueue, StepResult, merge
from services.orders.pipeline import MoveKind, StageWork
from services.orders.stages import Stage
from services.orders.tasks import DEFAULT_TASK_TTL
from services.orders.totals import DEFAULT_MARKUP_PERCENT
from services.outbox import events as outbox_events
from services.outbox import is_enabled as outbox_enabled
from services.roles import Role
from services.storage.models import Employee, Order, OrderPart

P = ParamSpec("P")
R = TypeVar("R")
S = TypeVar("S", bound="OrderServiceBase")


def use_case(
    fn: Callable[Concatenate[S, P], Awaitable[R]],
) -> Callable[Concatenate[S, P], Awaitable[R]]:
    """End the transaction of a refused action, so no row lock outlives the refusal."""

    @functools.wraps(fn)
    async def wrapper(self: S, *args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return await fn(self, *args, **kwargs)
        except DomainError:
            await self._release()
            raise

    return wrapper


class OrderServiceBase:
    def __init__(
        self,
        session: AsyncSession,
        clock: Clock = system_clock,
        *,
        markup_percent: Decimal = DEFAULT_MARKUP_PERCENT,
        task_ttl: timedelta = DEFAULT_TASK_TTL,
        hours: WorkHours = DEFAULT_WORK_HOURS,
        notice_queue: NoticeQueue | None = None,
    ) -> None:
        self.session = session
        self.clock = clock
        self.markup_percent = markup_percent
        # The shop's work hours: receiving is due at the end of a working day.
        self.deadlines = Deadlines(hours, task_ttl)
        self.notice_queue = notice_queue

    # Loading and checks: nothing here changes the order.

    async def _load(self, order_id: int) -> Order:
        """The order, locked for this transaction (PostgreSQL) and read fresh."""
        order = await self.session.scalar(
            select(Order)
            .where(Order.id == order_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        if order is None:
            raise NotFound("order-error-not-found", order_id=order_id)
        return order

    async def _authorise(
        self,
        actor: Employee,
        roles: Collection[Role],
        action: str,
        order_id: int | None = None,
    ) -> None:
        """Refuse (audited) unless the actor is active and holds one of `roles` (the pipeline's
        rule: the director holds every role)."""
        if actor.is_active and pipeline.allowed(roles, actor.role_names):
            return
        audit.record(
            self.session,
            audit.AuditAction.ACCESS_REFUSED,
            actor=actor,
            entity_type="order" if order_id is not None else None,
            entity_id=order_id,
            action_name=action,
        )
        await self.session.commit()
        raise Forbidden("error-forbidden")

    async def _stage_work(
        self,
        actor: Employee,
        order_id: int,
        work: StageWork,
        seen_stage: Stage | str,
        seen_version: int | None,
    ) -> Order:
        """Load the order and check, in this order: role, staleness, the stage the work needs."""
        order = await self._load(order_id)
        await self._authorise(actor, [work.role], work.name, order.id)
        self._check_seen(order, seen_stage, seen_version)
        pipeline.check_work_stage(work, order)
        return order

    @staticmethod
    def _check_seen(order: Order, seen_stage: Stage | str, seen_version: int | None) -> None:
        """A button drawn for another stage or version explains itself instead of acting."""
        moved = order.stage != seen_stage
        if moved or (seen_version is not None and order.version != seen_version):
            raise StaleAction("order-error-stale", stage=order.stage, order_id=order.id)

    @staticmethod
    def _part(order: Order, part_id: int) -> OrderPart:
        for part in order.parts:
            if part.id == part_id:
                return part
        raise NotFound("order-error-part-not-found", part_id=part_id)

    async def _take_task(self, order: Order, actor: Employee) -> list[Notice]:
        """Doing a stage's work takes its task; someone else's task refuses (the director acts
        on anyone's). Returns "taken" notices for the others the task was offered to."""
        task = await task_repo.current_task(self.session, order)
        if task is None or task.assignee_id == actor.id:
            return []
        if task.assignee_id is not None:
            if pipeline.acts_on_others_tasks(actor.role_names):
                return []
            raise await self._taken_error(task.assignee_id)
        if task.role not in actor.role_names:
            return []  # a director doing it leaves the task for the role
        offered = await task_repo.holders(self.session, task)
        if not await task_repo.try_claim(self.session, task, actor.id):
            fresh = await task_repo.reload(self.session, task.id)
            raise await self._taken_error(fresh.assignee_id if fresh else None)
        return [
            Notice(NoticeKind.TASK_TAKEN, i, order.id, Stage(order.stage), task.id, by_id=actor.id)
            for i in offered
        ]

    async def _taken_error(self, assignee_id: int | None) -> DomainError:
        if assignee_id is None:
            return DomainError("task-error-closed")
        winner = await self.session.get(Employee, assignee_id)
        return DomainError("task-error-taken", name=winner.full_name if winner else "")

    # Changing and finishing.

    async def _move(
        self,
        order: Order,
        target: Stage,
        actor: Employee,
        kind: MoveKind,
        reason: str | None = None,
        *,
        by_role: Role | None = None,
        new_order: bool = False,
    ) -> MoveRecord:
        return await Mover(self.session, self.clock(), self.deadlines).move(
            order,
            target,
            actor=actor,
            kind=kind,
            reason=reason,
            by_role=by_role,
            new_order=new_order,
        )

    async def _after_work(
        self,
        order: Order,
        actor: Employee,
        work: StageWork,
        was_done: bool,
        notices: list[Notice],
        *,
        finish: bool = False,
        reason: str | None = None,
    ) -> StepResult:
        """Move the order where the pipeline sends it after this step of work, and finish."""
        target = pipeline.after_work(order, work, was_done, finish=finish)
        move = None
        if target is not None:
            kind = pipeline.classify(Stage(order.stage), target)
            move = await self._move(order, target, actor, kind, reason)
        return await self._finish(order, actor, move=move, notices=notices)

    async def _finish(
        self,
        order: Order,
        actor: Employee,
        *,
        move: MoveRecord | None = None,
        notices: list[Notice] | None = None,
    ) -> StepResult:
        """Bump the version, gather the notices, commit once."""
        order.version += 1
        found = list(notices or [])
        if move is not None:
            found += await Mover(self.session, self.clock(), self.deadlines).notices(
                order, move, actor
            )
        if outbox_enabled(self.session):
            # The mirror: written in this transaction, sent to Bitrix24 later by the relay.
            tasks = await task_repo.open_tasks(self.session, order.id)
            tasks += move.left_tasks if move is not None else []
            outbox_events.order_step(self.session, order, actor, tasks)
        told = merge(found, actor_id=actor.id)
        await self._commit(told)
        return StepResult(
            order=order,
            notices=told,
            new_task=move.new_task if move is not None else None,
        )

    async def _commit(self, notices: list[Notice]) -> None:
        """Commit the step, with its notices queued in the same transaction when there is a
        queue: a crash between two commits would have lost the notices of a saved step."""
        if notices and self.notice_queue is not None:
            await self.notice_queue.stage(notices)
        await self.session.commit()

    async def _release(self) -> None:
        # Commit rather than roll back when nothing is pending: a rollback would expire the
        # caller's loaded objects (the actor), which async code then cannot lazily reload.
        if self.session.new or self.session.dirty or self.session.deleted:
            await self.session.rollback()
        else:
            await self.session.commit()
