"""Smart processes: crm.type.* and crm.item.* (§9); crm.item on deals (etid 2) via deals.py.

crm.item is the typed, camelCase family: ints are ints, UF names are camel-converted unless
`useOriginalUfNames=Y`, errors carry real codes (NOT_FOUND, CRM_FIELD_ERROR_*, "100").
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tests.fake_bitrix24.errors import B24Error, invalid_arg, item_not_found
from tests.fake_bitrix24.naming import uf_name_map
from tests.fake_bitrix24.query import matches, order_rows, page, split_key
from tests.fake_bitrix24.registry import Call, ListResult, method
from tests.fake_bitrix24.stores.categories import DEAL
from tests.fake_bitrix24.values import coerce, to_int, typed_out, yn

if TYPE_CHECKING:
    from tests.fake_bitrix24.stores.state import PortalState

TYPE_FLAGS = (
    "isCategoriesEnabled",
    "isStagesEnabled",
    "isBeginCloseDatesEnabled",
    "isClientEnabled",
    "isUseInUserfieldEnabled",
    "isLinkWithProductsEnabled",
    "isMycompanyEnabled",
    "isDocumentsEnabled",
    "isSourceEnabled",
    "isObserversEnabled",
    "isRecyclebinEnabled",
    "isAutomationEnabled",
    "isBizProcEnabled",
    "isSetOpenPermissions",
)
ITEM_FIELDS: dict[str, str] = {
    "id": "integer",
    "xmlId": "string",
    "title": "string",
    "createdBy": "user",
    "updatedBy": "user",
    "movedBy": "user",
    "createdTime": "datetime",
    "updatedTime": "datetime",
    "movedTime": "datetime",
    "categoryId": "crm_category",
    "stageId": "crm_status",
    "previousStageId": "crm_status",
    "opened": "char",
    "assignedById": "user",
    "companyId": "crm_company",
    "contactId": "crm_contact",
    "contactIds": "crm_contact",
    "observers": "user",
    "begindate": "date",
    "closedate": "date",
    "opportunity": "double",
    "isManualOpportunity": "char",
    "currencyId": "string",
    "sourceId": "crm_status",
    "sourceDescription": "string",
    "entityTypeId": "integer",
}
READ_ONLY = {
    "id",
    "createdBy",
    "updatedBy",
    "movedBy",
    "createdTime",
    "updatedTime",
    "movedTime",
    "previousStageId",
    "entityTypeId",
}
MULTIPLE = {"contactIds", "observers"}
PARENT_BASE = {2, 3, 4}  # deal, contact, company can always be parents


class Items:
    def __init__(self, state: PortalState) -> None:
        self.state = state
        self.types: dict[int, dict[str, Any]] = {}  # by type id (16), not entityTypeId
        self.items: dict[int, dict[int, dict[str, Any]]] = {}  # etid -> id -> row

    # -- types -------------------------------------------------------------------------
    def type_by_etid(self, etid: int) -> dict[str, Any] | None:
        return next((t for t in self.types.values() if t["entityTypeId"] == etid), None)

    def add_type(self, fields: dict[str, Any]) -> dict[str, Any]:
        title = str(fields.get("title") or "").strip()
        if not title:
            raise B24Error(400, "CRM_FIELD_ERROR_REQUIRED", 'Field "title" is required')
        etid = to_int(fields.get("entityTypeId"))
        used = {t["entityTypeId"] for t in self.types.values()}
        if etid is None:
            etid = 1030
            while etid in used:
                etid += 2
        elif not ((etid >= 1030 and etid % 2 == 0) or 128 <= etid <= 192) or etid in used:
            raise B24Error(
                400, "CRM_FIELD_ERROR_VALUE_NOT_VALID", 'Field "entityTypeId" has invalid value'
            )
        now = self.state.now()
        rel = fields.get("relations") if isinstance(fields.get("relations"), dict) else {}
        spa: dict[str, Any] = {
            "id": self.state.next_id("crm_type", 1),
            "entityTypeId": etid,
            "title": title,
            "code": fields.get("code") or None,
            "createdBy": self.state.webhook_user_id,
            "createdTime": now,
            "updatedTime": now,
            "customSectionId": None,
            "relations": {"parent": rel.get("parent") or [], "child": rel.get("child") or []},
            "linkedUserFields": fields.get("linkedUserFields") or {},
        }
        for flag in TYPE_FLAGS:
            spa[flag] = yn(fields.get(flag, "N"))
        self.types[spa["id"]] = spa
        self.items[etid] = {}
        self.state.categories.add_category(etid, "Default", 500, default=True)
        return spa

    def type_out(self, spa: dict[str, Any]) -> dict[str, Any]:
        out = dict(spa)
        out["createdTime"] = typed_out("datetime", spa["createdTime"])
        out["updatedTime"] = typed_out("datetime", spa["updatedTime"])
        return out

    def uf_entity(self, etid: int) -> str:
        spa = self.type_by_etid(etid)
        return f"CRM_{spa['id']}" if spa else ""

    # -- items -------------------------------------------------------------------------
    def spa(self, etid: Any) -> dict[str, Any]:
        spa = self.type_by_etid(to_int(etid) or 0)
        if spa is None:
            raise item_not_found("Smart process")
        return spa

    def get(self, etid: int, item_id: Any) -> dict[str, Any]:
        row = self.items.get(etid, {}).get(to_int(item_id) or 0)
        if row is None:
            raise item_not_found()
        return row

    def names(self, etid: int, original: bool) -> dict[str, str]:
        """UF original name -> name used on the wire for this call."""
        ufs = list(self.state.userfields.of(self.uf_entity(etid)))
        return {n: n for n in ufs} if original else uf_name_map(ufs)

    def resolve(self, etid: int, name: str) -> str | None:
        """Wire name (camel, original UF, parentIdN) -> internal key, None if unknown."""
        if name in ITEM_FIELDS:
            return name
        if name.startswith("parentId") and name[8:].isdigit():
            return name
        for original, camel in self.names(etid, False).items():
            if name in (original, camel):
                return original
        return None

    def apply(
        self, spa: dict[str, Any], row: dict[str, Any], fields: dict[str, Any], creating: bool
    ) -> None:
        etid = spa["entityTypeId"]
        ufs = self.state.userfields.of(self.uf_entity(etid))
        # categoryId first: a category change resets the stage unless stageId is also sent
        for key, value in sorted(fields.items(), key=lambda kv: kv[0] != "categoryId"):
            internal = self.resolve(etid, key)
            if internal is None or internal in READ_ONLY:
                continue
            if internal in ufs:
                row[internal] = self._uf_value(ufs[internal], value)
            elif internal.startswith("parentId"):
                parent = int(internal[8:])
                if parent in PARENT_BASE or self.type_by_etid(parent) is not None:
                    row[internal] = to_int(value)
            elif internal == "contactId":
                cid = to_int(value)
                row["contactIds"] = [cid] if cid else []
            elif internal in MULTIPLE:
                values = value if isinstance(value, list) else [value]
                row[internal] = [v for v in (to_int(x) for x in values) if v]
            elif internal == "categoryId" and not creating:
                cid = to_int(value)
                if cid != row.get("categoryId"):
                    row["categoryId"] = cid
                    row["stageId"] = None
            else:
                row[internal] = coerce(ITEM_FIELDS[internal], value)
        if creating:
            for name, uf in ufs.items():
                if uf.mandatory and row.get(name) in (None, "", []):
                    raise B24Error(400, "CRM_FIELD_ERROR_REQUIRED", f'Field "{name}" is required')
        self._settle_stage(spa, row)

    def _uf_value(self, uf: Any, value: Any) -> Any:
        if uf.multiple and not isinstance(value, list):
            raise B24Error(
                400,
                "100",
                "Expected iterable value for multiple field, but got "
                f"`{type(value).__name__}` instead",
            )
        values = value if uf.multiple else [value]
        out = []
        for v in values:
            if uf.user_type_id == "file":
                if isinstance(v, list) and len(v) >= 2:
                    out.append(self.state.store_file(v[0], v[1]).id)
                elif isinstance(v, dict) and v.get("id"):
                    out.append(to_int(v["id"]))
                continue
            coerced = coerce(uf.user_type_id, v)
            if coerced is None and v not in (None, "") and uf.user_type_id in ("integer", "double"):
                raise B24Error(
                    400,
                    "CRM_FIELD_ERROR_VALUE_NOT_VALID",
                    f'Field "{uf.field_name}" has invalid value',
                )
            out.append(coerced)
        return out if uf.multiple else (out[0] if out else None)

    def _settle_stage(self, spa: dict[str, Any], row: dict[str, Any]) -> None:
        cats = self.state.categories
        etid = spa["entityTypeId"]
        if row.get("categoryId") is None or not cats.exists(etid, row["categoryId"]):
            if row.get("categoryId") is not None:
                raise B24Error(
                    400, "CRM_FIELD_ERROR_VALUE_NOT_VALID", 'Field "categoryId" has invalid value'
                )
            row["categoryId"] = cats.default_category(etid)
        if spa["isStagesEnabled"] != "Y":
            row["stageId"] = None
            return
        wanted = row.get("stageId")
        if wanted and cats.stage(etid, row["categoryId"], wanted) is None:
            raise B24Error(
                400, "CRM_FIELD_ERROR_VALUE_NOT_VALID", 'Field "stageId" has invalid value'
            )
        if not wanted:
            row["stageId"] = cats.first_stage(etid, row["categoryId"])
        if row.get("_stage") != row["stageId"]:
            row["previousStageId"] = row.get("_stage")
            row["_stage"] = row["stageId"]
            row["movedTime"] = self.state.now()
            row["movedBy"] = self.state.webhook_user_id

    def create(self, etid: int, fields: dict[str, Any], emit: bool = True) -> dict[str, Any]:
        spa = self.spa(etid)
        now = self.state.now()
        uid = self.state.webhook_user_id
        row: dict[str, Any] = {
            "id": self.state.next_id(f"item{etid}"),
            "entityTypeId": etid,
            "xmlId": None,
            "title": None,
            "createdBy": uid,
            "updatedBy": uid,
            "createdTime": now,
            "updatedTime": now,
            "assignedById": uid,
            "opened": "Y",
            "contactIds": [],
            "observers": [],
            "opportunity": 0.0,
            "currencyId": "RUB",
            "isManualOpportunity": "N",
            "companyId": None,
            "begindate": None,
            "closedate": None,
            "sourceId": None,
            "sourceDescription": None,
            "categoryId": None,
            "stageId": None,
        }
        self.apply(spa, row, fields, creating=True)
        row["title"] = row["title"] or f"{spa['title']} #{row['id']}"
        self.items[etid][row["id"]] = row
        if emit:
            self._fire("ADD", row)
        return row

    def modify(
        self, etid: int, item_id: Any, fields: dict[str, Any], emit: bool = True
    ) -> dict[str, Any]:
        spa = self.spa(etid)
        row = self.get(etid, item_id)
        self.apply(spa, row, fields, creating=False)
        row["updatedTime"] = self.state.now()
        row["updatedBy"] = self.state.webhook_user_id
        if emit:
            self._fire("UPDATE", row)
        return row

    def _fire(self, action: str, row: dict[str, Any]) -> None:
        data = {"FIELDS": {"ID": row["id"], "ENTITY_TYPE_ID": row["entityTypeId"]}}
        self.state.events.fire(f"ONCRMDYNAMICITEM{action}", data)
        if self.state.events.per_type_dynamic_events:
            self.state.events.fire(f"ONCRMDYNAMICITEM{action}_{row['entityTypeId']}", data)

    def render(
        self, row: dict[str, Any], original: bool, select: list[str] | None = None
    ) -> dict[str, Any]:
        etid = row["entityTypeId"]
        spa = self.spa(etid)
        names = self.names(etid, original)
        ufs = self.state.userfields.of(self.uf_entity(etid))
        out: dict[str, Any] = {}
        for key, kind in ITEM_FIELDS.items():
            value = row.get(key)
            if key == "contactId":
                value = (row.get("contactIds") or [None])[0]
            out[key] = typed_out(kind, value)
        if spa["isClientEnabled"] != "Y":
            out.update({"contactId": None, "contactIds": None, "companyId": None})
        for key, value in row.items():
            if key.startswith("parentId"):
                out[key] = value
        for name, uf in ufs.items():
            value = row.get(name)
            if uf.user_type_id == "file":
                ids = value if isinstance(value, list) else ([] if value is None else [value])
                files = [
                    {"id": i, "url": self.state.file_url(i), "urlMachine": self.state.file_url(i)}
                    for i in ids
                ]
                out[names[name]] = files if uf.multiple else (files[0] if files else None)
            else:
                out[names[name]] = typed_out(
                    uf.user_type_id, value if value is not None else ([] if uf.multiple else None)
                )
        if select and "*" not in select:
            keep = {"id"} | {self._wire(etid, s, original) for s in select}
            out = {k: v for k, v in out.items() if k in keep}
        return out

    def _wire(self, etid: int, name: str, original: bool) -> str:
        internal = self.resolve(etid, name) or name
        return self.names(etid, original).get(internal, internal)


def original_names(call: Call) -> bool:
    return yn(call.params.get("useOriginalUfNames", "N")) == "Y"


def _etid(call: Call) -> int:
    etid = to_int(call.params.get("entityTypeId"))
    if etid is None:
        raise B24Error(400, "INVALID_ARG_VALUE", "entityTypeId is required")
    return etid


@method("crm.type.add", "crm")
def type_add(call: Call) -> dict[str, Any]:
    items = call.state.items
    return {"type": items.type_out(items.add_type(call.params.dict("fields")))}


@method("crm.type.get", "crm")
def type_get(call: Call) -> dict[str, Any]:
    spa = call.state.items.types.get(call.params.int("id"))
    if spa is None:
        raise item_not_found("Type")
    return {"type": call.state.items.type_out(spa)}


@method("crm.type.getByEntityTypeId", "crm")
def type_get_by_etid(call: Call) -> dict[str, Any]:
    return {"type": call.state.items.type_out(call.state.items.spa(_etid(call)))}


@method("crm.type.list", "crm")
def type_list(call: Call) -> ListResult:
    items = call.state.items
    rows = [items.type_out(t) for t in items.types.values()]
    rows = [
        r for r in rows if matches(r, call.params.get("filter") or {}, lambda row, f: row.get(f))
    ]
    rows = order_rows(rows, call.params.get("order"), lambda r, f: r.get(f), {"id": "ASC"})
    chunk, total, nxt = page(rows, call.params.get("start"))
    return ListResult({"types": chunk}, total, nxt)


@method("crm.type.update", "crm")
def type_update(call: Call) -> dict[str, Any]:
    spa = call.state.items.types.get(call.params.int("id"))
    if spa is None:
        raise item_not_found("Type")
    fields = call.params.dict("fields")
    for key, value in fields.items():
        if key in TYPE_FLAGS:
            spa[key] = yn(value)
        elif key in ("title", "code", "linkedUserFields"):
            spa[key] = value
        elif key == "relations" and isinstance(value, dict):
            spa["relations"] = {
                "parent": value.get("parent") or [],
                "child": value.get("child") or [],
            }
    spa["updatedTime"] = call.state.now()
    return {"type": call.state.items.type_out(spa)}


@method("crm.type.delete", "crm")
def type_delete(call: Call) -> Any:
    items = call.state.items
    spa = items.types.get(call.params.int("id"))
    if spa is None:
        raise item_not_found("Type")
    if items.items.get(spa["entityTypeId"]):
        raise B24Error(400, "CRM_TYPE_HAS_ITEMS", "Smart process has items")
    del items.types[spa["id"]]
    return {}


@method("crm.item.add", "crm")
def item_add(call: Call) -> dict[str, Any]:
    etid = _etid(call)
    if etid == DEAL:
        from tests.fake_bitrix24.stores.item_deals import deal_add

        return deal_add(call)
    items = call.state.items
    row = items.create(etid, call.params.dict("fields"))
    return {"item": items.render(row, original_names(call))}


@method("crm.item.update", "crm")
def item_update(call: Call) -> dict[str, Any]:
    etid = _etid(call)
    if etid == DEAL:
        from tests.fake_bitrix24.stores.item_deals import deal_update

        return deal_update(call)
    items = call.state.items
    row = items.modify(etid, call.params.get("id"), call.params.dict("fields"))
    return {"item": items.render(row, original_names(call))}


@method("crm.item.get", "crm")
def item_get(call: Call) -> dict[str, Any]:
    etid = _etid(call)
    if etid == DEAL:
        from tests.fake_bitrix24.stores.item_deals import deal_get

        return deal_get(call)
    items = call.state.items
    items.spa(etid)
    return {"item": items.render(items.get(etid, call.params.get("id")), original_names(call))}


@method("crm.item.delete", "crm")
def item_delete(call: Call) -> Any:
    etid = _etid(call)
    if etid == DEAL:
        call.state.deals.remove(call.params.get("id"))
        return {}
    items = call.state.items
    items.spa(etid)
    row = items.get(etid, call.params.get("id"))
    del items.items[etid][row["id"]]
    items._fire("DELETE", row)
    return {}


@method("crm.item.list", "crm")
def item_list(call: Call) -> ListResult:
    etid = _etid(call)
    if etid == DEAL:
        from tests.fake_bitrix24.stores.item_deals import deal_list

        return deal_list(call)
    items = call.state.items
    items.spa(etid)
    flt = call.params.get("filter") or {}

    def get(row: dict[str, Any], field: str) -> Any:
        internal = items.resolve(etid, field)
        if internal is None:
            raise invalid_arg(f"Unknown field {field!r} in filter or order")
        if internal == "contactId":
            return row.get("contactIds") or None
        return row.get(internal)

    _check_filter_keys(flt, get)
    rows = [r for r in items.items[etid].values() if matches(r, flt, get)]
    rows = order_rows(rows, call.params.get("order"), get, {"id": "ASC"})
    chunk, total, nxt = page(rows, call.params.get("start"))
    select = call.params.get("select")
    select = select if isinstance(select, list) and select else None
    rendered = [items.render(r, original_names(call), select) for r in chunk]
    return ListResult({"items": rendered}, total, nxt)


def _check_filter_keys(flt: Any, get: Any) -> None:
    """crm.item validates filter field names up front (INVALID_ARG_VALUE)."""
    if isinstance(flt, dict):
        for key, value in flt.items():
            if key.lower() == "logic":
                continue
            if isinstance(value, dict) and key.isdigit():
                _check_filter_keys(value, get)
            else:
                get({}, split_key(key)[1])


@method("crm.item.fields", "crm")
def item_fields(call: Call) -> dict[str, Any]:
    etid = _etid(call)
    items = call.state.items
    items.spa(etid)
    out = {
        k: {
            "type": v,
            "isRequired": False,
            "isReadOnly": k in READ_ONLY,
            "isImmutable": False,
            "isMultiple": k in MULTIPLE,
            "isDynamic": False,
            "title": k,
        }
        for k, v in ITEM_FIELDS.items()
    }
    names = items.names(etid, original_names(call))
    for name, uf in call.state.userfields.of(items.uf_entity(etid)).items():
        out[names[name]] = {
            "type": uf.user_type_id,
            "isRequired": uf.mandatory,
            "isReadOnly": False,
            "isImmutable": False,
            "isMultiple": uf.multiple,
            "isDynamic": True,
            "title": name,
            "upperName": name,
        }
    return {"fields": out}
