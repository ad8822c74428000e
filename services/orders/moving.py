"""Doing a move: the transition row, closing and opening tasks, stage side effects, notices.

The rules about whether a move is allowed live in `transitions`; this module only carries
out a move already decided on. Never commits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from services import audit
from services.orders import tasks as task_repo
from services.orders.deadlines import Deadlines
from services.orders.notices import Notice, NoticeKind, merge
from services.orders.parts import FLAG_PARTIAL, FLAG_RESTOCK, FLAG_RETURN, return_flag
from services.orders.send_back import SendBack
from services.orders.stages import TASK_STAGES, Stage, index, next_stage
from services.orders.transitions import NOTHING_TO_DO, MoveKind
from services.roles import Role
from services.storage.models import Employee, Order, StageTask, StageTransition


@dataclass
class MoveRecord:
    """What one use case's move(s) did, enough to tell the right people."""

    source: Stage
    kind: MoveKind
    new_task: StageTask | None = None
    left_tasks: list[StageTask] = field(default_factory=list)
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
        *,
        actor: Employee,
        kind: MoveKind,
        reason: str | None = None,
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
            passing = kind is MoveKind.FORWARD and NOTHING_TO_DO.get(target, _never)(order)
            record.left_tasks += await self._step(
                order, target, actor, kind, reason, by_role, close_open=not new_order
            )
            if not passing:
                break
            target = next_stage(target)
        if target in TASK_STAGES:
            due = self.deadlines.due(order, target, self.now)
            record.new_task = await task_repo.open_task(self.session, order, target, self.now, due)
        return record

    async def _step(
        self,
        order: Order,
        target: Stage,
        actor: Employee,
        kind: MoveKind,
        reason: str | None,
        by_role: Role | None,
        close_open: bool = True,
    ) -> list[StageTask]:
        status = task_repo.TASK_DONE if kind is MoveKind.FORWARD else task_repo.TASK_CANCELLED
        left = (
            await task_repo.close_tasks(self.session, order.id, status, self.now)
            if close_open
            else []
        )
        self.session.add(
            StageTransition(
                order_id=order.id,
                from_stage=order.stage,
                to_stage=target.value,
                actor_id=actor.id,
                reason=reason,
                at=self.now,
            )
        )
        # The journal keeps every move, searchable with the other events by person and order;
        # a move back's row is also where the redone stage reads why (`send_back`).
        extra = {"role": by_role.value} if kind is MoveKind.BACK and by_role else {}
        audit.record(
            self.session,
            audit.AuditAction.ORDER_MOVED,
            actor=actor,
            entity_type="order",
            entity_id=order.id,
            from_stage=order.stage,
            to_stage=target.value,
            kind=kind.value,
            reason=reason,
            **extra,
        )
        order.stage = target.value
        order.stage_entered_at = self.now
        if kind is MoveKind.BACK:
            _reset_for_back_move(order, target)
        if target is Stage.CANCELLED:
            order.cancel_reason = reason
            for part in order.parts:
                part.return_flag = return_flag(part)
        if target in (Stage.DONE, Stage.CANCELLED):
            order.closed_at = self.now
        return left

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


def _never(_: Order) -> bool:
    return False


def _reset_for_back_move(order: Order, target: Stage) -> None:
    """Approvals given after `target` no longer hold; prices, vendor orders and receipts stay.

    Going back to PARTS_PRICING keeps every price (the supplier corrects what is wrong), but
    the labour must be approved again, and the client must approve again in any case.
    """
    if index(target) <= index(Stage.LABOUR_PRICING):
        order.labour_approved = False
    if index(target) <= index(Stage.CLIENT_APPROVAL):
        order.client_approved_at = None
