"""Pipelines (crm.category.*) and statuses/stages (crm.status.*), deals and SPAs (§7).

Deal pipeline 0 uses bare stage ids (NEW, WON); pipeline N uses `C{N}:` ids; SPA stages
use `DT{etid}_{cat}:`. Stage ENTITY_IDs: DEAL_STAGE, DEAL_STAGE_{N}, DYNAMIC_{etid}_STAGE_{cat}.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tests.fake_bitrix24.errors import B24Error, crm_not_found, item_not_found
from tests.fake_bitrix24.query import matches, order_rows
from tests.fake_bitrix24.registry import Call, ListResult, method
from tests.fake_bitrix24.values import to_int

if TYPE_CHECKING:
    from tests.fake_bitrix24.stores.state import PortalState

DEAL = 2
DEAL_STAGES = [
    ("NEW", "New", None, "process", "#39A8EF"),
    ("PREPARATION", "Preparing documents", None, "process", "#2FC6F6"),
    ("PREPAYMENT_INVOICE", "Invoice", None, "process", "#55D0E0"),
    ("EXECUTING", "In progress", None, "process", "#47E4C2"),
    ("FINAL_INVOICE", "Final invoice", None, "process", "#FFA900"),
    ("WON", "Deal won", "S", "success", "#7BD500"),
    ("LOSE", "Deal lost", "F", "failure", "#FF5752"),
    ("APOLOGY", "Analyze failure", "F", "apology", "#FF5752"),
]
SPA_STAGES = [
    ("NEW", "Start", None, "process", "#22B9FF"),
    ("PREPARATION", "Preparation", None, "process", "#FFA900"),
    ("CLIENT", "Client", None, "process", "#2FC6F6"),
    ("SUCCESS", "Success", "S", "success", "#7BD500"),
    ("FAIL", "Failed", "F", "failure", "#FF5752"),
]
PLAIN_STATUSES = {
    "SOURCE": [("CALL", "Call"), ("EMAIL", "E-Mail"), ("WEB", "Website"), ("OTHER", "Other")],
    "DEAL_TYPE": [("SALE", "Sales"), ("SERVICE", "Service")],
    "CONTACT_TYPE": [("CLIENT", "Clients"), ("SUPPLIER", "Suppliers"), ("OTHER", "Other")],
}


def stage_entity(etid: int, category_id: int) -> str:
    if etid == DEAL:
        return "DEAL_STAGE" if category_id == 0 else f"DEAL_STAGE_{category_id}"
    return f"DYNAMIC_{etid}_STAGE_{category_id}"


def stage_prefix(etid: int, category_id: int) -> str:
    if etid == DEAL:
        return "" if category_id == 0 else f"C{category_id}:"
    return f"DT{etid}_{category_id}:"


class Categories:
    def __init__(self, state: PortalState) -> None:
        self.state = state
        self.categories: dict[int, dict[int, dict[str, Any]]] = {}
        self.statuses: dict[int, dict[str, Any]] = {}
        # entity -> (etid, category) for stage entities
        self.stage_entities: dict[str, tuple[int, int]] = {}
        for entity, rows in PLAIN_STATUSES.items():
            for sort, (status_id, name) in enumerate(rows, start=1):
                self._add_status(entity, status_id, name, sort * 10, None, None, None, True)
        self.add_category(DEAL, "General", 300, category_id=0, default=True)

    # -- seed / internal API ------------------------------------------------------------
    def add_category(
        self,
        etid: int,
        name: str,
        sort: int = 500,
        category_id: int | None = None,
        default: bool = False,
    ) -> dict[str, Any]:
        cid = self.state.next_id("category") if category_id is None else category_id
        cat = {
            "id": cid,
            "name": name,
            "sort": sort,
            "entityTypeId": etid,
            "isDefault": "Y" if default else "N",
        }
        self.categories.setdefault(etid, {})[cid] = cat
        entity = stage_entity(etid, cid)
        self.stage_entities[entity] = (etid, cid)
        prefix = stage_prefix(etid, cid)
        for i, (sid, sname, sem, extra, color) in enumerate(
            DEAL_STAGES if etid == DEAL else SPA_STAGES, start=1
        ):
            self._add_status(entity, prefix + sid, sname, i * 10, sem, extra, color, True, cid)
        return cat

    def _add_status(
        self,
        entity: str,
        status_id: str,
        name: str,
        sort: int,
        semantics: str | None,
        extra: str | None,
        color: str | None,
        system: bool,
        category_id: int | None = None,
    ) -> dict[str, Any]:
        row = {
            "ID": self.state.next_id("status"),
            "ENTITY_ID": entity,
            "STATUS_ID": status_id,
            "NAME": name,
            "NAME_INIT": name if system else "",
            "SORT": sort,
            "SYSTEM": system,
            "CATEGORY_ID": category_id,
            "COLOR": color,
            "SEMANTICS": semantics,
            "_extra": extra,
        }
        self.statuses[row["ID"]] = row
        return row

    def stages(self, etid: int, category_id: int) -> list[dict[str, Any]]:
        entity = stage_entity(etid, category_id)
        rows = [r for r in self.statuses.values() if r["ENTITY_ID"] == entity]
        return sorted(rows, key=lambda r: (r["SORT"], r["ID"]))

    def first_stage(self, etid: int, category_id: int) -> str | None:
        rows = self.stages(etid, category_id)
        return rows[0]["STATUS_ID"] if rows else None

    def stage(self, etid: int, category_id: int, status_id: str) -> dict[str, Any] | None:
        for row in self.stages(etid, category_id):
            if row["STATUS_ID"] == status_id:
                return row
        return None

    def semantic(self, etid: int, category_id: int, status_id: str) -> str:
        row = self.stage(etid, category_id, status_id)
        return (row or {}).get("SEMANTICS") or "P"

    def default_category(self, etid: int) -> int:
        for cat in self.categories.get(etid, {}).values():
            if cat["isDefault"] == "Y":
                return int(cat["id"])
        return 0

    def exists(self, etid: int, category_id: int) -> bool:
        return category_id in self.categories.get(etid, {})


def _status_out(row: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in row.items() if not k.startswith("_")}
    out["ID"] = str(row["ID"])
    out["SORT"] = str(row["SORT"])
    out["SYSTEM"] = "Y" if row["SYSTEM"] else "N"
    out["CATEGORY_ID"] = None if row["CATEGORY_ID"] is None else str(row["CATEGORY_ID"])
    if row["_extra"]:
        out["EXTRA"] = {"SEMANTICS": row["_extra"], "COLOR": row["COLOR"]}
    return out


def _etid(call: Call) -> int:
    etid = to_int(call.params.get("entityTypeId")) or 0
    cats = call.state.categories.categories
    if etid != DEAL:
        spa = call.state.items.type_by_etid(etid)
        if spa is None:
            raise B24Error(400, "ENTITY_TYPE_NOT_SUPPORTED", "Entity type is not supported")
        if etid not in cats:
            cats[etid] = {}
    return etid


def _cat(call: Call, etid: int) -> dict[str, Any]:
    cid = to_int(call.params.get("id"))
    cat = call.state.categories.categories.get(etid, {}).get(cid if cid is not None else -1)
    if cat is None:
        raise item_not_found("Category")
    return cat


@method("crm.category.list", "crm")
def category_list(call: Call) -> ListResult:
    etid = _etid(call)
    rows = sorted(
        call.state.categories.categories[etid].values(), key=lambda c: (c["sort"], c["id"])
    )
    return ListResult({"categories": rows}, len(rows), None)


@method("crm.category.get", "crm")
def category_get(call: Call) -> dict[str, Any]:
    return {"category": _cat(call, _etid(call))}


@method("crm.category.add", "crm")
def category_add(call: Call) -> dict[str, Any]:
    etid = _etid(call)
    fields = call.params.dict("fields")
    name = str(fields.get("name") or fields.get("NAME") or "")
    if not name:
        raise B24Error(400, "CRM_FIELD_ERROR_REQUIRED", "Field name is required")
    sort = to_int(fields.get("sort")) or 500
    return {"category": call.state.categories.add_category(etid, name, sort)}


@method("crm.category.update", "crm")
def category_update(call: Call) -> dict[str, Any]:
    cat = _cat(call, _etid(call))
    fields = call.params.dict("fields")
    if "name" in fields:
        cat["name"] = str(fields["name"])
    if "sort" in fields:
        cat["sort"] = to_int(fields["sort"]) or cat["sort"]
    return {"category": cat}


@method("crm.category.delete", "crm")
def category_delete(call: Call) -> Any:
    etid = _etid(call)
    cat = _cat(call, etid)
    if cat["isDefault"] == "Y":
        raise B24Error(400, "CRM_CATEGORY_DEFAULT", "Default category cannot be deleted")
    del call.state.categories.categories[etid][cat["id"]]
    return {}


@method("crm.status.list", "crm")
def status_list(call: Call) -> ListResult:
    flt = call.params.dict("filter")
    rows = [_status_out(r) for r in call.state.categories.statuses.values()]
    rows = [r for r in rows if matches(r, flt, lambda row, f: row.get(f.upper()))]
    order = call.params.get("order")
    rows = order_rows(rows, order, lambda r, f: _sortable(r, f), {"SORT": "ASC"})
    return ListResult(rows, len(rows), None)


def _sortable(row: dict[str, Any], field: str) -> Any:
    value = row.get(field.upper())
    return int(value) if field.upper() in ("SORT", "ID") and value is not None else value


@method("crm.status.get", "crm")
def status_get(call: Call) -> dict[str, Any]:
    row = call.state.categories.statuses.get(call.params.int("id"))
    if row is None:
        raise crm_not_found()
    return _status_out(row)


@method("crm.status.add", "crm")
def status_add(call: Call) -> int:
    fields = call.params.dict("fields")
    entity = str(fields.get("ENTITY_ID", ""))
    cats = call.state.categories
    known = set(cats.stage_entities) | set(PLAIN_STATUSES)
    if entity not in known:
        raise B24Error(400, "", "ENTITY_ID is not defined or invalid.")
    status_id = str(fields.get("STATUS_ID", "")).upper()
    if not status_id:
        raise B24Error(400, "", "STATUS_ID is not defined.")
    category = None
    if entity in cats.stage_entities:
        etid, category = cats.stage_entities[entity]
        prefix = stage_prefix(etid, category)
        if not status_id.startswith(prefix):
            status_id = prefix + status_id  # "DIAG" -> "C1:DIAG" (§7)
    if any(
        r["ENTITY_ID"] == entity and r["STATUS_ID"] == status_id for r in cats.statuses.values()
    ):
        raise B24Error(400, "", f"Status '{status_id}' already exists.")
    sem = fields.get("SEMANTICS") or None
    extra = (
        {"S": "success", "F": "failure"}.get(str(sem), "process") if category is not None else None
    )
    row = cats._add_status(
        entity,
        status_id,
        str(fields.get("NAME", status_id)),
        to_int(fields.get("SORT")) or 10,
        sem,
        extra,
        fields.get("COLOR"),
        False,
        category,
    )
    return int(row["ID"])


@method("crm.status.update", "crm")
def status_update(call: Call) -> bool:
    row = call.state.categories.statuses.get(call.params.int("id"))
    if row is None:
        raise crm_not_found()
    fields = call.params.dict("fields")
    for key in ("NAME", "COLOR"):
        if key in fields:
            row[key] = fields[key]
    if "SORT" in fields:
        row["SORT"] = to_int(fields["SORT"]) or row["SORT"]
    return True


@method("crm.status.delete", "crm")
def status_delete(call: Call) -> bool:
    row = call.state.categories.statuses.get(call.params.int("id"))
    if row is None:
        raise crm_not_found()
    forced = str(call.params.dict("params").get("FORCED", "N")).upper() == "Y"
    if row["SYSTEM"] and not forced:
        raise B24Error(400, "", "Can't delete system status")
    del call.state.categories.statuses[row["ID"]]
    return True


@method("crm.status.entity.types", "crm")
def status_entity_types(call: Call) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = [
        {"ID": e, "NAME": e.title(), "ENTITY_TYPE_ID": None} for e in PLAIN_STATUSES
    ]
    for entity, (etid, cid) in call.state.categories.stage_entities.items():
        row: dict[str, Any] = {
            "ID": entity,
            "NAME": entity,
            "ENTITY_TYPE_ID": etid,
            "SEMANTIC_INFO": [],
            "CATEGORY_ID": cid,
        }
        prefix = stage_prefix(etid, cid).rstrip(":")
        if prefix:
            row["PREFIX"] = prefix
        out.append(row)
    return out
