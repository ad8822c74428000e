"""Timeline comments (crm.timeline.comment.*) and CRM to-dos (crm.activity.todo.add), §10-11."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from tests.fake_bitrix24.errors import B24Error, item_not_found
from tests.fake_bitrix24.query import matches, order_rows, page
from tests.fake_bitrix24.registry import Call, ListResult, method
from tests.fake_bitrix24.values import iso_out, to_int

if TYPE_CHECKING:
    from tests.fake_bitrix24.stores.state import PortalState


class Timeline:
    def __init__(self, state: PortalState) -> None:
        self.state = state
        self.comments: dict[int, dict[str, Any]] = {}
        self.todos: dict[int, dict[str, Any]] = {}

    def owner_exists(self, entity_type: str, entity_id: int) -> bool:
        kind = entity_type.lower()
        if kind == "deal":
            return entity_id in self.state.deals.rows
        if kind == "contact":
            return entity_id in self.state.contacts.rows
        m = re.fullmatch(r"dynamic_(\d+)", kind)
        if m:
            return entity_id in self.state.items.items.get(int(m.group(1)), {})
        return False

    def render(self, row: dict[str, Any]) -> dict[str, Any]:
        files = {
            str(fid): {
                "id": fid,
                "name": self.state.files[fid].name,
                "size": len(self.state.files[fid].content),
                "urlDownload": self.state.file_url(fid),
            }
            for fid in row["FILES"]
        }
        return {
            "ID": str(row["ID"]),
            "CREATED": iso_out(row["CREATED"]),
            "ENTITY_ID": str(row["ENTITY_ID"]),
            "ENTITY_TYPE": row["ENTITY_TYPE"],
            "AUTHOR_ID": str(row["AUTHOR_ID"]),
            "COMMENT": row["COMMENT"],
            "FILES": files,
        }


def _timeline(call: Call) -> Timeline:
    return call.state.timeline


@method("crm.timeline.comment.add", "crm")
def comment_add(call: Call) -> int:
    # only lowercase `fields` since crm 23.100.0 (§1)
    fields = call.params.get("fields", exact=True)
    if not isinstance(fields, dict):
        raise B24Error(400, "100", "Required parameter 'fields' is not specified")
    entity_id = to_int(fields.get("ENTITY_ID")) or 0
    entity_type = str(fields.get("ENTITY_TYPE") or "").lower()
    if not entity_type or entity_id <= 0:
        raise B24Error(400, "INVALID_ARG_VALUE", "ENTITY_ID and ENTITY_TYPE are required")
    if not str(fields.get("COMMENT") or "").strip() and not fields.get("FILES"):
        raise B24Error(400, "INVALID_ARG_VALUE", "Comment text is empty")
    timeline = _timeline(call)
    if not timeline.owner_exists(entity_type, entity_id):
        raise B24Error(400, "OWNER_NOT_FOUND", "Owner not found")
    file_ids = []
    for pair in fields.get("FILES") or []:
        if isinstance(pair, list) and len(pair) >= 2:
            file_ids.append(call.state.store_file(pair[0], pair[1]).id)
    cid = call.state.next_id("timeline")
    timeline.comments[cid] = {
        "ID": cid,
        "CREATED": call.state.now(),
        "ENTITY_ID": entity_id,
        "ENTITY_TYPE": entity_type,
        "COMMENT": str(fields.get("COMMENT") or ""),
        "AUTHOR_ID": to_int(fields.get("AUTHOR_ID")) or call.state.webhook_user_id,
        "FILES": file_ids,
    }
    call.state.events.fire("ONCRMTIMELINECOMMENTADD", {"FIELDS": {"ID": cid}})
    return cid


def _get(call: Call) -> dict[str, Any]:
    row = _timeline(call).comments.get(call.params.int("id"))
    if row is None:
        raise item_not_found("Comment")
    return row


@method("crm.timeline.comment.get", "crm")
def comment_get(call: Call) -> dict[str, Any]:
    return _timeline(call).render(_get(call))


@method("crm.timeline.comment.update", "crm")
def comment_update(call: Call) -> int:
    row = _get(call)
    fields = call.params.get("fields", exact=True)
    if isinstance(fields, dict) and "COMMENT" in fields:
        row["COMMENT"] = str(fields["COMMENT"])
    return int(row["ID"])


@method("crm.timeline.comment.delete", "crm")
def comment_delete(call: Call) -> Any:
    row = _get(call)
    del _timeline(call).comments[row["ID"]]
    return None


@method("crm.timeline.comment.list", "crm")
def comment_list(call: Call) -> ListResult:
    timeline = _timeline(call)
    flt = call.params.get("filter") or {}

    def get(row: dict[str, Any], field: str) -> Any:
        return row.get(field.upper())

    rows = [r for r in timeline.comments.values() if matches(r, flt, get)]
    rows = order_rows(rows, call.params.get("order"), get, {"ID": "DESC"})
    chunk, total, nxt = page(rows, call.params.get("start"))
    return ListResult([timeline.render(r) for r in chunk], total, nxt)


@method("crm.activity.todo.add", "crm")
def todo_add(call: Call) -> dict[str, Any]:
    owner_type = to_int(call.params.get("ownerTypeId"))
    owner_id = to_int(call.params.get("ownerId")) or 0
    if not call.params.get("deadline"):
        raise B24Error(400, "CRM_FIELD_ERROR_REQUIRED", 'Field "deadline" is required')
    kinds = {2: "deal", 3: "contact"}
    kind = kinds.get(owner_type or 0, f"dynamic_{owner_type}")
    timeline = _timeline(call)
    if not timeline.owner_exists(kind, owner_id):
        raise B24Error(400, "OWNER_NOT_FOUND", "Owner not found")
    tid = call.state.next_id("activity")
    timeline.todos[tid] = {
        k: call.params.get(k)
        for k in (
            "ownerTypeId",
            "ownerId",
            "deadline",
            "title",
            "description",
            "responsibleId",
            "pingOffsets",
            "colorId",
        )
    } | {"id": tid}
    return {"id": tid}
