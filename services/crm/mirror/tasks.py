"""Stage task ↔ Bitrix24 task on the linked user, bound to the deal, completed when done.

Tasks have no ORIGIN_ID. We put our id in the task's XML_ID ("stobot-task-17") and, before
creating, list the tasks bound to the deal (`UF_CRM_TASK` = D_<deal>) and match that XML_ID
among them: a deal has a handful of tasks, so one page answers, and a lost create is found.
"""

from __future__ import annotations

from typing import Any

from services.crm.mirror.context import Cycle
from services.crm.mirror.pipe import Call, Step
from services.crm.mirror.snapshot import TaskView
from services.crm.outbox.kinds import Entity
from services.orders.tasks import TASK_CANCELLED, TASK_DONE

COMPLETED = "5"
DEFERRED = "6"
# A task the bot closed as done is completed; one left by a move back or a cancellation is
# deferred ("Отложена"), which keeps it out of the assignee's list without claiming it done.
_FINISH = {
    "overdue": ("tasks.task.defer", DEFERRED),  # closed by the deadline; a new task follows
    TASK_DONE: ("tasks.task.complete", COMPLETED),
    TASK_CANCELLED: ("tasks.task.defer", DEFERRED),
}


def xml_id(task_id: int) -> str:
    return f"stobot-task-{task_id}"


async def sync_task(cx: Cycle, task: TaskView) -> int:
    deal_id = await cx.links.need(Entity.ORDER, task.order_id)
    fields = _fields(cx, task, deal_id)
    task_id = cx.links.current(Entity.TASK, task.id)
    fresh_deal = (Entity.ORDER, task.order_id) in cx.links.created
    if task_id is None and (not fresh_deal or (Entity.TASK, task.id) in cx.links.tried):
        task_id = await _find(cx, deal_id, task)
    finish = _FINISH.get(task.status)
    if task_id is None:
        cx.links.tried.add((Entity.TASK, task.id))
        calls = [Call("tasks.task.add", {"fields": fields})]
        if finish is not None:
            calls.append(Call(finish[0], {"taskId": Step(0)["task"]["id"]}))
        outcome = await cx.pipe.chain(calls)
        if outcome.results:
            cx.links.learn(Entity.TASK, task.id, int(outcome.results[0]["task"]["id"]))
        if outcome.error is not None:
            raise outcome.error
        return int(outcome.results[0]["task"]["id"])
    cx.links.learn(Entity.TASK, task.id, task_id)
    updated = await cx.pipe.call("tasks.task.update", {"taskId": task_id, "fields": fields})
    status = str((updated.get("task") or {}).get("status", ""))
    if finish is not None and status not in (COMPLETED, finish[1]):
        await cx.pipe.call(finish[0], {"taskId": task_id})
    return task_id


def _fields(cx: Cycle, task: TaskView, deal_id: int) -> dict[str, Any]:
    stage = cx.texts(f"stage-{task.stage}")
    return {
        "TITLE": cx.texts(
            "mirror-task-title-overdue" if task.overdue else "mirror-task-title",
            id=str(task.order_id),
            stage=stage,
        ),
        "DESCRIPTION": cx.texts("mirror-task-description", id=str(task.order_id), stage=stage),
        "RESPONSIBLE_ID": task.responsible_user_id or cx.mapping.webhook_user_id,
        "DEADLINE": task.deadline.isoformat(),
        "UF_CRM_TASK": [f"D_{deal_id}"],
        "XML_ID": xml_id(task.id),
    }


async def _find(cx: Cycle, deal_id: int, task: TaskView) -> int | None:
    result = await cx.pipe.call(
        "tasks.task.list",
        {"filter": {"UF_CRM_TASK": f"D_{deal_id}"}, "select": ["ID", "XML_ID"]},
    )
    for row in result.get("tasks") or [] if isinstance(result, dict) else []:
        if row.get("xmlId") == xml_id(task.id):
            return int(row["id"])
    return None
