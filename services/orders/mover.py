"""Carrying out a move already decided on (`pipeline` decides): the transition row, closing
and opening tasks, the stage's side effects (`pipeline.apply_move`), and who is told.

`OrderWork.move` and `OrderWork.after_work` make a `Mover` for the step; `OrderWork.finish`
asks it whom to tell of the `MoveRecord`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from services.audit import log as audit
from services.orders import tasks as task_repo
from services.orders.deadlines import Deadlines
from services.orders.notices import Notice, NoticeKind, merge
from services.orders.parts import FLAG_PARTIAL, FLAG_RESTOCK, FLAG_RETURN
from services.orders.pipeline import TASK_STAGES, MoveKind, apply_move, passes_through
from services.orders.send_back import SendBack
from services.orders.stages import Stage, next_stage
from services.staff.roles import Role
from services.storage.models import Employee, Order, StageTask, StageTransition


def journal(
    session: AsyncSession,
    order: Order,
    actor: Employee | None,
    action: audit.AuditAction,
    **details: object,
) -> None:
    """An audit row about `order`: every order use case journals through here (`OrderWork.journal`,
    and `Mover` for each move)."""
    audit.record(session, action, actor=actor, entity_type="order", entity_id=order.id, **details)


@dataclass
class MoveRecord:
    """What one use case's move(s) did, enough to tell the right people."""

    source: Stage
    kind: MoveKind
    new_task: StageTask | None = None
    left_tasks: list[StageTask] = field(default_factory=list)
    transitions: list[StageTransition] = field(default_factory=list)  # in order: the comment
    send_back: SendBack | None = None  # a move back: told with the new task


class Mover:
    def __init__(self, session: AsyncSession, now: datetime, deadlines: Deadlines) -> None:
        self.session = session
        self.now = now
        self.deadlines = deadlines

    async def move(
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
        """Move the order to `target`; forwards, pass on through stages with nothing to do.

        `by_role`: the role the actor moves it in, journalled with a move back so whoever
        redoes the stage learns who sent it back. `new_order`: the order was created in this
        transaction, so it has no task to close (nothing is read to find one).
        """
        record = MoveRecord(source=Stage(order.stage), kind=kind)
        if kind is MoveKind.BACK and reason:
            record.send_back = SendBack(reason, record.source, actor.full_name, by_role)
        while True:
            passing = passes_through(order, target, kind)
            await self._step(record, order, target, actor, reason, by_role, not new_order)
            if not passing:
                break
            target = next_stage(target)
        if target in TASK_STAGES:
            due = self.deadlines.due(order, target, self.now)
            record.new_task = await task_repo.open_task(self.session, order, target, self.now, due)
        return record

    async def _step(
        self,
        record: MoveRecord,
        order: Order,
        target: Stage,
        actor: Employee,
        reason: str | None,
        by_role: Role | None,
        close_open: bool,
    ) -> None:
        """One stage to the next: close the tasks left, write the transition and its journal
        row, put the order in `target` (the pipeline's `apply_move`)."""
        kind = record.kind
        status = task_repo.TASK_DONE if kind is MoveKind.FORWARD else task_repo.TASK_CANCELLED
        if close_open:
            record.left_tasks += await task_repo.close_tasks(
                self.session, order.id, status, self.now
            )
        transition = StageTransition(
            order_id=order.id,
            from_stage=order.stage,
            to_stage=target.value,
            actor_id=actor.id,
            reason=reason,
            at=self.now,
        )
        self.session.add(transition)
        record.transitions.append(transition)
        # The journal keeps every move, searchable with the other events by person and order;
        # a move back's row is also where the redone stage reads why (`send_back`).
        extra = {"role": by_role.value} if kind is MoveKind.BACK and by_role else {}
        journal(
            self.session,
            order,
            actor,
            audit.AuditAction.ORDER_MOVED,
            from_stage=order.stage,
            to_stage=target.value,
            kind=kind.value,
            reason=reason,
            **extra,
        )
        apply_move(order, target, kind, reason, self.now)

    async def notices(self, order: Order, record: MoveRecord, actor: Employee) -> list[Notice]:
        """Task holders of the new stage, the order's master, and whoever's task was left."""
        stage = Stage(order.stage)
        about = NoticeKind.ORDER_CANCELLED if stage is Stage.CANCELLED else NoticeKind.STAGE_CHANGED
        out: list[Notice] = []

        def add(kind: NoticeKind, ids: list[int], task_id: int | None = None) -> None:
            why = record.send_back if kind in _TOLD_WHY else None
            out.extend(
                Notice(kind, i, order.id, stage, task_id, by_id=actor.id, send_back=why)
                for i in ids
            )

        if record.new_task is not None:
            ids = await task_repo.holders(self.session, record.new_task)
            if record.new_task.id is None:  # no read flushed it (a task straight to the master)
                await self.session.flush()
            add(NoticeKind.TASK_NEW, ids, record.new_task.id)
        if order.master_id is not None:
            add(about, [order.master_id])
        for task in record.left_tasks:
            if task.assignee_id is not None:
                add(about, [task.assignee_id])
            elif stage is Stage.CANCELLED:
                add(about, await task_repo.role_holders(self.session, task.role))
        if stage is Stage.CANCELLED:
            flags = {p.return_flag for p in order.parts}
            if flags & {FLAG_RETURN, FLAG_PARTIAL}:
                add(about, await task_repo.role_holders(self.session, Role.SUPPLIER))
            if flags & {FLAG_RESTOCK, FLAG_PARTIAL}:
                add(about, await task_repo.role_holders(self.session, Role.STOREKEEPER))
        return merge(out, actor_id=actor.id)


# Who hears of a move back, and why: the one who redoes the stage (TASK_NEW), and everyone told
# of the stage change (STAGE_CHANGED): the order's master and whoever's task was left.
_TOLD_WHY = frozenset({NoticeKind.TASK_NEW, NoticeKind.STAGE_CHANGED})
