"""Tasks: tasks.task.* (§10). Input keys UPPER_CASE, output camelCase, values as strings.

Errors are the tasks module's own: ERROR_CORE with "...<br>", "0" for anything it will not
do (unknown id included), "100" for a missing `fields` array.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from tests.fake_bitrix24.errors import B24Error, task_core, task_not_allowed
from tests.fake_bitrix24.naming import snake_to_camel
from tests.fake_bitrix24.query import _as_dt, matches, order_rows, page
from tests.fake_bitrix24.registry import Call, ListResult, method
from tests.fake_bitrix24.values import iso_out, to_int

if TYPE_CHECKING:
    from tests.fake_bitrix24.stores.state import PortalState

PENDING, IN_PROGRESS, SUPPOSEDLY_COMPLETED, COMPLETED, DEFERRED = 2, 3, 4, 5, 6
FIELDS = {  # UPPER name -> kind
    "ID": "int",
    "TITLE": "str",
    "DESCRIPTION": "str",
    "STATUS": "int",
    "PRIORITY": "int",
    "RESPONSIBLE_ID": "int",
    "CREATED_BY": "int",
    "CHANGED_BY": "int",
    "CREATED_DATE": "dt",
    "CHANGED_DATE": "dt",
    "CLOSED_DATE": "dt",
    "DEADLINE": "dt",
    "START_DATE_PLAN": "dt",
    "END_DATE_PLAN": "dt",
    "GROUP_ID": "int",
    "PARENT_ID": "int",
    "ACCOMPLICES": "list",
    "AUDITORS": "list",
    "UF_CRM_TASK": "list",
    "UF_TASK_WEBDAV_FILES": "list",
    "TAGS": "list",
    "XML_ID": "str",
}
WRITABLE = set(FIELDS) - {
    "ID",
    "STATUS",
    "CHANGED_BY",
    "CREATED_DATE",
    "CHANGED_DATE",
    "CLOSED_DATE",
}
DEFAULT_SELECT = [f for f in FIELDS if not f.startswith("UF_")]


def _camel(name: str) -> str:
    return "ufCrmTask" if name == "UF_CRM_TASK" else snake_to_camel(name)


class Tasks:
    def __init__(self, state: PortalState) -> None:
        self.state = state
        self.rows: dict[int, dict[str, Any]] = {}
        self.comments: dict[int, dict[str, Any]] = {}

    def get(self, task_id: Any) -> dict[str, Any]:
        row = self.rows.get(to_int(task_id) or 0)
        if row is None:
            raise task_not_allowed()
        return row

    def _apply(self, row: dict[str, Any], fields: dict[str, Any]) -> None:
        for key, value in fields.items():
            name = key.upper()  # UPPER_CASE is documented; lowercase is tolerated here
            if name not in WRITABLE:
                continue
            kind = FIELDS[name]
            if kind == "int":
                row[name] = to_int(value)
            elif kind == "dt":
                row[name] = _as_dt(value) if value else None
            elif kind == "list":
                values = value if isinstance(value, list) else [value]
                row[name] = [str(v) for v in values if v not in (None, "")]
            else:
                row[name] = None if value is None else str(value)

    def create(self, fields: dict[str, Any], emit: bool = True) -> dict[str, Any]:
        upper = {k.upper(): v for k, v in fields.items()}
        if not str(upper.get("TITLE") or "").strip():
            raise task_core("Task title is not specified")
        if not to_int(upper.get("RESPONSIBLE_ID")):
            raise task_core("Assignee is not specified")
        now = self.state.now()
        uid = self.state.webhook_user_id
        row: dict[str, Any] = {
            "ID": self.state.next_id("task"),
            "STATUS": PENDING,
            "PRIORITY": 1,
            "CREATED_BY": uid,
            "CHANGED_BY": uid,
            "CREATED_DATE": now,
            "CHANGED_DATE": now,
            "CLOSED_DATE": None,
            "DEADLINE": None,
            "GROUP_ID": 0,
            "PARENT_ID": None,
            "ACCOMPLICES": [],
            "AUDITORS": [],
            "UF_CRM_TASK": [],
            "UF_TASK_WEBDAV_FILES": [],
            "TAGS": [],
            "DESCRIPTION": "",
            "XML_ID": None,
        }
        self._apply(row, fields)
        self.rows[row["ID"]] = row
        if emit:
            self.state.events.fire(
                "ONTASKADD",
                {
                    "FIELDS_BEFORE": "undefined",
                    "FIELDS_AFTER": {"ID": row["ID"]},
                    "IS_ACCESSIBLE_BEFORE": "N",
                    "IS_ACCESSIBLE_AFTER": "undefined",
                },
            )
        return row

    def touch(self, row: dict[str, Any], emit: bool = True) -> None:
        row["CHANGED_DATE"] = self.state.now()
        row["CHANGED_BY"] = self.state.webhook_user_id
        if emit:
            self.state.events.fire(
                "ONTASKUPDATE",
                {
                    "FIELDS_BEFORE": {"ID": row["ID"]},
                    "FIELDS_AFTER": {"ID": row["ID"]},
                    "IS_ACCESSIBLE_BEFORE": "undefined",
                    "IS_ACCESSIBLE_AFTER": "undefined",
                },
            )

    def set_status(self, row: dict[str, Any], status: int) -> None:
        row["STATUS"] = status
        row["CLOSED_DATE"] = self.state.now() if status == COMPLETED else None
        self.touch(row)

    def value(self, row: dict[str, Any], name: str) -> Any:
        name = name.upper()
        if name == "REAL_STATUS":
            return row["STATUS"]
        if name == "STATUS":
            return self._meta_status(row)
        return row.get(name)

    def _meta_status(self, row: dict[str, Any]) -> int:
        """STATUS filter adds -1 overdue on top of the real status (§10)."""
        deadline: datetime | None = row.get("DEADLINE")
        if row["STATUS"] not in (COMPLETED, DEFERRED) and deadline and deadline < self.state.now():
            return -1
        return int(row["STATUS"])

    def render(self, row: dict[str, Any], select: list[str] | None) -> dict[str, Any]:
        names = [s.upper() for s in select] if select else DEFAULT_SELECT
        if "*" in names:
            names = [*DEFAULT_SELECT, *(n for n in names if n != "*")]
        out: dict[str, Any] = {"id": str(row["ID"])}
        for name in dict.fromkeys(names):
            if name not in FIELDS:
                continue
            value = row.get(name)
            kind = FIELDS[name]
            if kind == "dt":
                value = iso_out(value)
            elif kind == "list":
                value = [str(v) for v in value or []]
            elif value is not None:
                value = str(value)
            out[_camel(name)] = value
        if "STATUS" in names:
            out["subStatus"] = str(self._meta_status(row))
        return out


def _tasks(call: Call) -> Tasks:
    return call.state.tasks


def _fields(call: Call) -> dict[str, Any]:
    fields = call.params.get("fields")
    if not isinstance(fields, dict):
        raise B24Error(400, "100", "Could not find value for parameter {fields}")
    return fields


@method("tasks.task.add", "task")
def task_add(call: Call) -> dict[str, Any]:
    row = _tasks(call).create(_fields(call))
    return {"task": _tasks(call).render(row, None)}


@method("tasks.task.update", "task")
def task_update(call: Call) -> dict[str, Any]:
    tasks = _tasks(call)
    row = tasks.get(call.params.get("taskId"))
    fields = _fields(call)
    if (
        "TITLE" in {k.upper() for k in fields}
        and not str(next(v for k, v in fields.items() if k.upper() == "TITLE") or "").strip()
    ):
        raise task_core("Task title is not specified")
    tasks._apply(row, fields)
    tasks.touch(row)
    return {"task": tasks.render(row, None)}


@method("tasks.task.get", "task")
def task_get(call: Call) -> dict[str, Any]:
    tasks = _tasks(call)
    row = tasks.get(call.params.get("taskId"))
    select = call.params.get("select")
    return {"task": tasks.render(row, select if isinstance(select, list) else None)}


@method("tasks.task.list", "task")
def task_list(call: Call) -> ListResult:
    tasks = _tasks(call)
    flt = call.params.get("filter") or {}
    rows = [r for r in tasks.rows.values() if matches(r, flt, tasks.value)]
    order = call.params.get("order")
    rows = order_rows(rows, order, tasks.value, {"ID": "desc"})
    chunk, total, nxt = page(rows, call.params.get("start"))
    select = call.params.get("select")
    select = select if isinstance(select, list) and select else None
    return ListResult({"tasks": [tasks.render(r, select) for r in chunk]}, total, nxt)


def _status_method(name: str, status: int, allowed_from: set[int] | None = None) -> None:
    @method(name, "task")
    def change(call: Call) -> dict[str, Any]:
        tasks = _tasks(call)
        row = tasks.get(call.params.get("taskId"))
        if allowed_from is not None and row["STATUS"] not in allowed_from:
            raise task_not_allowed()
        tasks.set_status(row, status)
        return {"task": tasks.render(row, None)}


_status_method(
    "tasks.task.complete", COMPLETED, {PENDING, IN_PROGRESS, SUPPOSEDLY_COMPLETED, DEFERRED}
)
_status_method("tasks.task.start", IN_PROGRESS, {PENDING, DEFERRED})
_status_method("tasks.task.pause", PENDING, {IN_PROGRESS})
_status_method("tasks.task.defer", DEFERRED, {PENDING, IN_PROGRESS})
_status_method("tasks.task.renew", PENDING, {COMPLETED, SUPPOSEDLY_COMPLETED, DEFERRED})


@method("tasks.task.delete", "task")
def task_delete(call: Call) -> dict[str, Any]:
    tasks = _tasks(call)
    row = tasks.get(call.params.get("taskId"))
    del tasks.rows[row["ID"]]
    call.state.events.fire(
        "ONTASKDELETE",
        {
            "FIELDS_BEFORE": {"ID": row["ID"]},
            "FIELDS_AFTER": "undefined",
            "IS_ACCESSIBLE_BEFORE": "undefined",
            "IS_ACCESSIBLE_AFTER": "undefined",
        },
    )
    return {"task": True}


@method("task.commentitem.add", "task")
def comment_add(call: Call) -> int:
    """Deprecated since tasks 25.700.0 but still answering; positional params accepted."""
    tasks = _tasks(call)
    task_id = call.params.get("TASKID", call.params.get("0"))
    fields = call.params.get("FIELDS", call.params.get("1"))
    row = tasks.get(task_id)
    if not isinstance(fields, dict) or not str(fields.get("POST_MESSAGE") or "").strip():
        raise task_core("Comment text is empty")
    cid = call.state.next_id("task_comment")
    tasks.comments[cid] = {
        "ID": cid,
        "TASK_ID": row["ID"],
        "POST_MESSAGE": str(fields["POST_MESSAGE"]),
        "AUTHOR_ID": to_int(fields.get("AUTHOR_ID")) or call.state.webhook_user_id,
    }
    call.state.events.fire("ONTASKCOMMENTADD", {"FIELDS_AFTER": {"ID": cid, "TASK_ID": row["ID"]}})
    return cid
