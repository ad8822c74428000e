"""Taking a stage task («Беру») and the director handing one to someone else.

Neither bumps `Order.version`: a task changes hands, the order does not, and the order card
a person has open must stay valid after they tap «Беру».
"""

from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.orm import raiseload

from services.audit import log as audit
from services.crm.outbox import writer as outbox_events
from services.errors import DomainError, NotFound, StaleAction
from services.orders import pipeline
from services.orders import tasks as task_repo
from services.orders.notices import Notice, NoticeKind, StepResult, merge
from services.orders.send_back import SendBack, current_send_back
from services.orders.stages import Stage
from services.orders.unit_of_work import OrderWork, ends_on_refusal
from services.staff.roles import Role
from services.storage.models import Employee, Order, StageTask

# Taking a task needs the order's number and stage, not its parts and works.
_ORDER_HEAD = (
    select(Order)
    .where(Order.id == bindparam("order_id"))
    .options(raiseload(Order.parts), raiseload(Order.works))
)


@ends_on_refusal
async def claim_task(work: OrderWork, actor: Employee, task_id: int) -> StepResult:
    """Take an offered task; of simultaneous claims exactly one wins (one atomic UPDATE).

    The loser gets DomainError "task-error-taken" with the winner's `name`; claiming one's
    own task again is a no-op. The others it was offered to get `task_taken`.
    Refuses: Forbidden (lacks the task's role), StaleAction "task-error-closed".
    """
    task = await _task(work, task_id)
    await work.authorise(actor, [Role(task.role)], "task.claim", task.order_id)
    order = await _order(work, task.order_id, lines=False)
    if task.status != task_repo.TASK_OPEN:
        raise StaleAction("task-error-closed", stage=order.stage, order_id=order.id)
    if task.assignee_id == actor.id:
        return StepResult(order=order, task=task)
    if task.assignee_id is not None:
        raise await work.taken_error(task.assignee_id)
    offered = await task_repo.holders(work.session, task)
    if not await task_repo.try_claim(work.session, task, actor.id):
        fresh = await task_repo.reload(work.session, task.id)
        raise await work.taken_error(fresh.assignee_id if fresh else None)
    work.journal(order, actor, audit.AuditAction.TASK_CLAIMED, task_id=task.id)
    outbox_events.task_changed(work.session, task)
    notices = [
        Notice(NoticeKind.TASK_TAKEN, i, order.id, Stage(order.stage), task.id, by_id=actor.id)
        for i in offered
    ]
    told = merge(notices, actor_id=actor.id)
    await work.commit(told)
    return StepResult(order=order, notices=told, task=task)


@ends_on_refusal
async def reassign_task(
    work: OrderWork, actor: Employee, task_id: int, employee_id: int
) -> StepResult:
    """The director gives an open task to an active employee holding its role.

    The new assignee gets `task_new`; the previous one `task_reassigned`, or, if it was
    unclaimed, the others it was offered to get `task_taken`.
    Refuses: Forbidden, StaleAction "task-error-closed", "task-error-bad-assignee".
    """
    task = await _task(work, task_id)
    await work.authorise(actor, pipeline.DIRECTOR_ONLY, "task.reassign", task.order_id)
    order = await _order(work, task.order_id)
    if task.status != task_repo.TASK_OPEN:
        raise StaleAction("task-error-closed", stage=order.stage, order_id=order.id)
    target = await work.session.get(Employee, employee_id)
    if target is None or not target.is_active or task.role not in target.role_names:
        raise DomainError("task-error-bad-assignee")
    before = await task_repo.holders(work.session, task)
    previous = task.assignee_id
    task.assignee_id = target.id
    work.journal(
        order,
        actor,
        audit.AuditAction.TASK_REASSIGNED,
        task_id=task.id,
        previous=previous,
        assignee=target.id,
    )
    outbox_events.task_changed(work.session, task)
    stage = Stage(order.stage)
    lost = NoticeKind.TASK_REASSIGNED if previous is not None else NoticeKind.TASK_TAKEN
    # The new holder redoes a stage sent back as much as the one before did: tell him why.
    why = await current_send_back(work.session, order.id, stage)
    notices = _reassigned(task, order.id, stage, actor.id, target.id, before, lost, why)
    told = merge(notices, actor_id=actor.id)
    await work.commit(told)
    return StepResult(order=order, notices=told, task=task)


async def _task(work: OrderWork, task_id: int) -> StageTask:
    task = await work.session.scalar(
        select(StageTask).where(StageTask.id == task_id).execution_options(populate_existing=True)
    )
    if task is None:
        raise NotFound("task-error-not-found", task_id=task_id)
    return task


async def _order(work: OrderWork, order_id: int, *, lines: bool = True) -> Order:
    """`lines=False`: without its parts and works (two reads fewer); touching them raises."""
    if lines:
        order = await work.session.get(Order, order_id)
    else:
        order = await work.session.scalar(_ORDER_HEAD, {"order_id": order_id})
    if order is None:
        raise NotFound("order-error-not-found", order_id=order_id)
    return order


def _reassigned(
    task: StageTask,
    order_id: int,
    stage: Stage,
    actor_id: int,
    target_id: int,
    before: list[int],
    lost: NoticeKind,
    why: SendBack | None,
) -> list[Notice]:
    """The new holder gets the task; those who held or were offered it lose it."""
    new = Notice(
        NoticeKind.TASK_NEW, target_id, order_id, stage, task.id, by_id=actor_id, send_back=why
    )
    return [new] + [
        Notice(lost, i, order_id, stage, task.id, by_id=target_id) for i in before if i != target_id
    ]
