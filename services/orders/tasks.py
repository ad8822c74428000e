"""Stage tasks in the database: open, close, claim, and who holds them. Never commits."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from services.orders.pipeline import MASTER_OWN_STAGES, STAGE_OWNER
from services.orders.stages import Stage
from services.staff.directory import members_of, roster_of
from services.storage.models import Employee, EmployeeRole, Order, StageTask

TASK_OPEN = "open"
TASK_DONE = "done"
TASK_CANCELLED = "cancelled"

DEFAULT_TASK_TTL = timedelta(hours=24)


# Built once (read by every step that offers a task to a role; building it cost more than
# running it).
_ROLE_HOLDERS = (
    select(Employee.id)
    .join(EmployeeRole, EmployeeRole.employee_id == Employee.id)
    .where(EmployeeRole.role == bindparam("role"), Employee.is_active.is_(True))
    .order_by(Employee.id)
)


async def role_holders(session: AsyncSession, role: str) -> list[int]:
    """Ids of the active employees holding `role`, by id."""
    roster = await roster_of(session)
    if roster is not None:
        return roster.role_holders(role)
    result = await session.scalars(_ROLE_HOLDERS, {"role": role})
    return list(result.all())


async def holders(session: AsyncSession, task: StageTask) -> list[int]:
    """Who the task is for now: its assignee, or everyone offered it while it is unclaimed."""
    if task.assignee_id is not None:
        return [task.assignee_id]
    return await role_holders(session, task.role)


async def open_task(
    session: AsyncSession, order: Order, stage: Stage, now: datetime, deadline: datetime
) -> StageTask:
    """The task of `stage`; the order's own master gets his stages directly while active.

    Not flushed here: the move's other rows go with it in one flush (one UPDATE of the order,
    one INSERT of its audit rows), and its id comes with that flush."""
    master_id = order.master_id if stage in MASTER_OWN_STAGES else None
    assignee_id = master_id if master_id and await _is_active(session, master_id) else None
    task = StageTask(
        order_id=order.id,
        stage=stage.value,
        role=STAGE_OWNER[stage].value,
        assignee_id=assignee_id,
        status=TASK_OPEN,
        created_at=now,
        deadline=deadline,
    )
    session.add(task)
    return task


async def _is_active(session: AsyncSession, employee_id: int) -> bool:
    """From the staff roster where it is at hand (an Employee would also load its roles, and a
    read in the middle of a move flushes the move's changes early)."""
    member = (await members_of(session, {employee_id})).get(employee_id)
    return member is not None and member.is_active


async def open_tasks(session: AsyncSession, order_id: int) -> list[StageTask]:
    result = await session.scalars(
        select(StageTask)
        .where(StageTask.order_id == order_id, StageTask.status == TASK_OPEN)
        .order_by(StageTask.id)
    )
    return list(result.all())


async def current_task(session: AsyncSession, order: Order) -> StageTask | None:
    """The open task of the order's current stage (the newest, should there be several)."""
    result = await session.scalars(
        select(StageTask)
        .where(
            StageTask.order_id == order.id,
            StageTask.stage == order.stage,
            StageTask.status == TASK_OPEN,
        )
        .order_by(StageTask.id.desc())
        .limit(1)
        .execution_options(populate_existing=True)
    )
    return result.first()


# Built once. Every open task is closed, whatever its stage: a move leaves no task behind.
_CLOSE = (
    update(StageTask)
    .where(StageTask.order_id == bindparam("of_order"), StageTask.status == TASK_OPEN)
    .values(status=bindparam("new_status"), closed_at=bindparam("at"))
    .returning(StageTask)
    .execution_options(synchronize_session=False, populate_existing=True)
)


async def close_tasks(
    session: AsyncSession, order_id: int, status: str, now: datetime
) -> list[StageTask]:
    """Close every open task of the order (done when completed, cancelled when left) in one
    UPDATE that returns them. Not autoflushed: a read in the middle of a move flushed what the
    step had changed so far, and the order was then written twice."""
    with session.no_autoflush:
        closed = await session.scalars(
            _CLOSE, {"of_order": order_id, "new_status": status, "at": now}
        )
        return sorted(closed.all(), key=lambda task: task.id)


async def try_claim(session: AsyncSession, task: StageTask, employee_id: int) -> bool:
    """Take an unclaimed open task in one UPDATE, so of two simultaneous taps exactly one wins.
    The loaded task then shows its new assignee as stored (not as a change to write again)."""
    result = await session.execute(
        update(StageTask)
        .where(
            StageTask.id == task.id,
            StageTask.assignee_id.is_(None),
            StageTask.status == TASK_OPEN,
        )
        .values(assignee_id=employee_id)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return False
    set_committed_value(task, "assignee_id", employee_id)
    return True


async def reload(session: AsyncSession, task_id: int) -> StageTask | None:
    return await session.scalar(
        select(StageTask).where(StageTask.id == task_id).execution_options(populate_existing=True)
    )
