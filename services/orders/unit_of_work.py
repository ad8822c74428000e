"""The order unit of work: how every order use case opens, changes and ends its transaction.

    order = await work.open(order_id, actor, "labour.approve", [Role.HEAD], seen_stage, seen)
    ...change the order, record its audit rows...
    return await work.finish(order, actor, move=move, notices=notices)

`open` loads and locks the order, checks the caller's screen is not stale and authorises the
actor (a refusal is journalled and that committed); `finish` bumps the version, writes the
outbox step (the deal, the touched tasks, the step's timeline comment from its moves and
audit rows), queues the notices and commits once through `services.storage.unit_of_work`.
A use case wrapped in `ends_on_refusal` releases the row lock when it refuses.

A move (`move`, `after_work`) is carried out by `mover.Mover`: the transition row, closing
and opening tasks, the stage's side effects, and who is told. The rules (whether a move is
allowed, what it does to the order) live in `pipeline`; `Mover` only carries out a move
already decided on.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Collection
from datetime import datetime
from typing import Concatenate, ParamSpec, Required, TypedDict, TypeVar, Unpack

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.audit import log as audit
from services.audit.refusals import refuse_access
from services.clock import Clock, system_clock
from services.crm.outbox import is_enabled as outbox_enabled
from services.crm.outbox import writer as outbox_events
from services.errors import DomainError, Forbidden, NotFound, StaleAction
from services.orders import pipeline
from services.orders import tasks as task_repo
from services.orders.deadlines import DEFAULT_WORK_HOURS, Deadlines
from services.orders.mover import Mover, MoveRecord, journal
from services.orders.notices import Notice, NoticeKind, NoticeQueue, StepResult, merge
from services.orders.pipeline import MoveKind, StageWork
from services.orders.stages import Stage
from services.orders.tasks import DEFAULT_TASK_TTL
from services.staff.roles import Role
from services.storage import unit_of_work
from services.storage.models import Employee, Order, OrderPart

P = ParamSpec("P")
R = TypeVar("R")


class Seen(TypedDict, total=False):
    """What the caller's screen showed of the order: the stale check's inputs (`check_seen`).
    A use case takes them as `**seen` and hands them on to `open_work`."""

    seen_stage: Required[Stage | str]
    seen_version: int | None


class MoveHow(TypedDict, total=False):
    """How a move is made, besides where and by whom (`Mover.move`)."""

    by_role: Role | None
    new_order: bool


# What a use case records on the order it opens, besides its own change: the CRM's stage
# change a move made in the CRM carries out (`moves.taking_deal_move`).
OrderNote = Callable[[Order], None]

# The shop's defaults, for a unit of work that opens no tasks (the CRM's use cases).
DEFAULT_DEADLINES = Deadlines(DEFAULT_WORK_HOURS, DEFAULT_TASK_TTL)


def ends_on_refusal(
    fn: Callable[Concatenate[OrderWork, P], Awaitable[R]],
) -> Callable[Concatenate[OrderWork, P], Awaitable[R]]:
    """For a use case taking its unit of work first: end the transaction of a refused action
    (`OrderWork.release`), so no row lock outlives the refusal."""

    @functools.wraps(fn)
    async def wrapper(work: OrderWork, *args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return await fn(work, *args, **kwargs)
        except DomainError:
            await work.release()
            raise

    return wrapper


class OrderWork:
    def __init__(
        self,
        session: AsyncSession,
        clock: Clock = system_clock,
        deadlines: Deadlines = DEFAULT_DEADLINES,
        notice_queue: NoticeQueue | None = None,
    ) -> None:
        self.session = session
        self.clock = clock
        self.deadlines = deadlines
        self.notice_queue = notice_queue
        # The note `open` recorded, which a refusal keeps: (order id, note).
        self._kept_note: tuple[int, OrderNote] | None = None

    # Opening: nothing here changes the order.

    async def open(
        self,
        order_id: int,
        actor: Employee,
        action: str,
        roles: Collection[Role] | Callable[[Order], Collection[Role]],
        seen_stage: Stage | str,
        seen_version: int | None = None,
        note: OrderNote | None = None,
    ) -> Order:
        """The order, locked, after the stale check and the actor's authorisation (`roles`:
        who may, or how to tell from the order, e.g. the rule of a move). `note` is recorded
        first: a refusal keeps it (`release`), and nothing else of the use case."""
        order = await self.load(order_id)
        if note is not None:
            note(order)
            self._kept_note = (order.id, note)
        self.check_seen(order, seen_stage, seen_version)
        needed = roles(order) if callable(roles) else roles
        await self.authorise(actor, needed, action, order.id)
        return order

    async def open_work(
        self,
        order_id: int,
        actor: Employee,
        work: StageWork,
        seen_stage: Stage | str,
        seen_version: int | None = None,
    ) -> Order:
        """`open` for a step of a stage's work (the pipeline's `StageWork`): its role, then the
        stage it may be done in."""
        order = await self.load(order_id)
        await self.authorise(actor, [work.role], work.name, order.id)
        self.check_seen(order, seen_stage, seen_version)
        pipeline.check_work_stage(work, order)
        return order

    async def load(self, order_id: int) -> Order:
        """The order, locked for this transaction (PostgreSQL) and read fresh."""
        order = await self.find(order_id)
        if order is None:
            raise NotFound("order-error-not-found", order_id=order_id)
        return order

    async def find(self, order_id: int) -> Order | None:
        """`load` for the CRM's use cases, to which a missing order is no error."""
        return await self.session.scalar(
            select(Order)
            .where(Order.id == order_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )

    async def authorise(
        self,
        actor: Employee,
        roles: Collection[Role],
        action: str,
        order_id: int | None = None,
    ) -> None:
        """Refuse (journalled, committed) unless the actor is active and holds one of `roles`
        (the pipeline's rule: the director holds every role)."""
        if actor.is_active and pipeline.allowed(roles, actor.role_names):
            return
        entity_type = "order" if order_id is not None else None
        await refuse_access(
            self.session, actor, action, entity_type=entity_type, entity_id=order_id
        )
        self._kept_note = None  # the refusal's commit carried it
        raise Forbidden("error-forbidden")

    @staticmethod
    def check_seen(order: Order, seen_stage: Stage | str, seen_version: int | None) -> None:
        """A button drawn for another stage or version explains itself instead of acting."""
        moved = order.stage != seen_stage
        if moved or (seen_version is not None and order.version != seen_version):
            raise StaleAction("order-error-stale", stage=order.stage, order_id=order.id)

    @staticmethod
    def part(order: Order, part_id: int) -> OrderPart:
        for part in order.parts:
            if part.id == part_id:
                return part
        raise NotFound("order-error-part-not-found", part_id=part_id)

    async def take_task(self, order: Order, actor: Employee) -> list[Notice]:
        """Doing a stage's work takes its task; someone else's task refuses (the director acts
        on anyone's). Returns "taken" notices for the others the task was offered to."""
        task = await task_repo.current_task(self.session, order)
        if task is None or task.assignee_id == actor.id:
            return []
        if task.assignee_id is not None:
            if pipeline.acts_on_others_tasks(actor.role_names):
                return []
            raise await self.taken_error(task.assignee_id)
        if task.role not in actor.role_names:
            return []  # a director doing it leaves the task for the role
        offered = await task_repo.holders(self.session, task)
        if not await task_repo.try_claim(self.session, task, actor.id):
            fresh = await task_repo.reload(self.session, task.id)
            raise await self.taken_error(fresh.assignee_id if fresh else None)
        return [
            Notice(NoticeKind.TASK_TAKEN, i, order.id, Stage(order.stage), task.id, by_id=actor.id)
            for i in offered
        ]

    def journal(
        self, order: Order, actor: Employee | None, action: audit.AuditAction, **details: object
    ) -> None:
        """The order's journal row for this step (written by `finish`'s commit)."""
        journal(self.session, order, actor, action, **details)

    async def taken_error(self, assignee_id: int | None) -> DomainError:
        if assignee_id is None:
            return DomainError("task-error-closed")
        winner = await self.session.get(Employee, assignee_id)
        return DomainError("task-error-taken", name=winner.full_name if winner else "")

    # Changing and finishing.

    def mover(self, now: datetime | None = None) -> Mover:
        return Mover(self.session, now or self.clock(), self.deadlines)

    async def move(
        self,
        order: Order,
        target: Stage,
        actor: Employee,
        kind: MoveKind,
        reason: str | None = None,
        **how: Unpack[MoveHow],
    ) -> MoveRecord:
        return await self.mover().move(order, target, actor, kind, reason, **how)

    async def after_work(
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
            move = await self.move(order, target, actor, kind, reason)
        return await self.finish(order, actor, move=move, notices=notices)

    async def finish(
        self,
        order: Order,
        actor: Employee,
        *,
        move: MoveRecord | None = None,
        notices: list[Notice] | None = None,
    ) -> StepResult:
        """Bump the version, write the outbox step, gather the notices, commit once."""
        order.version += 1
        found = list(notices or [])
        if move is not None:
            found += await self.mover().notices(order, move, actor)
        await self.write_step(order, actor, move)
        told = merge(found, actor_id=actor.id)
        await self.commit(told)
        return StepResult(
            order=order,
            notices=told,
            new_task=move.new_task if move is not None else None,
        )

    async def finish_from_crm(self, order: Order, *, step_by: Employee | None) -> None:
        """`finish` for a change the portal made: nobody acted in the bot, so nobody is told;
        the deal gets the step written in `step_by`'s name, or nothing (None: it shows the
        change already)."""
        order.version += 1
        if step_by is not None:
            await self.write_step(order, step_by, None)
        await self.commit([])

    async def claim_version(self, order: Order) -> bool:
        """Compare-and-set bump of the version, for a change that must not overwrite another
        applier's (SQLite has no row lock): False when someone changed the order since."""
        result = await self.session.execute(
            update(Order)
            .where(Order.id == order.id, Order.version == order.version)
            .values(version=order.version + 1)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount == 1  # type: ignore[attr-defined]

    async def write_step(self, order: Order, actor: Employee, move: MoveRecord | None) -> None:
        """The mirror: written in this transaction, sent to Bitrix24 later by the relay."""
        if not outbox_enabled(self.session):
            return
        tasks = await task_repo.open_tasks(self.session, order.id)
        tasks += move.left_tasks if move is not None else []
        moves = move.transitions if move is not None else []
        outbox_events.order_step(self.session, order, actor, tasks, moves)

    async def commit(self, notices: list[Notice]) -> None:
        """Commit the step, with its notices queued in the same transaction when there is a
        queue: a crash between two commits would have lost the notices of a saved step."""
        if notices and self.notice_queue is not None:
            await self.notice_queue.stage(notices)
        await unit_of_work.commit(self.session)
        self._kept_note = None  # committed with the step: the next use case starts clean

    async def release(self) -> None:
        """End a refused use case's transaction: nothing of it stays but the note `open`
        recorded, written again after the rollback, in a transaction of its own."""
        await unit_of_work.end_refused(self.session)
        if self._kept_note is None:
            return
        order_id, note = self._kept_note
        self._kept_note = None
        order = await self.find(order_id)
        if order is None:  # deleted meanwhile: nothing to note on
            await self.session.rollback()
            return
        note(order)
        await unit_of_work.commit(self.session)
