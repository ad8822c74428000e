"""crm.item.* with entityTypeId=2: the modern, typed camelCase view of the deal store.

It matters because only crm.item.update can move a deal to another pipeline (§7).
"""

from __future__ import annotations

from typing import Any

from tests.fake_bitrix24.errors import invalid_arg, item_not_found
from tests.fake_bitrix24.naming import camel_to_snake, snake_to_camel, uf_name_map
from tests.fake_bitrix24.query import matches, order_rows, page
from tests.fake_bitrix24.registry import Call, ListResult
from tests.fake_bitrix24.stores.deals import Deals
from tests.fake_bitrix24.values import typed_out

CAMEL = {
    "CREATED_BY_ID": "createdBy",
    "MODIFY_BY_ID": "updatedBy",
    "MOVED_BY_ID": "movedBy",
    "DATE_CREATE": "createdTime",
    "DATE_MODIFY": "updatedTime",
    "MOVED_TIME": "movedTime",
}
UPPER = {v: k for k, v in CAMEL.items()}


def _names(call: Call, original: bool) -> dict[str, str]:
    ufs = list(call.state.userfields.of("CRM_DEAL"))
    return {n: n for n in ufs} if original else uf_name_map(ufs)


def _original(call: Call) -> bool:
    from tests.fake_bitrix24.stores.items import original_names

    return original_names(call)


def _to_upper(call: Call, name: str) -> str:
    if name in UPPER:
        return UPPER[name]
    if name.startswith("parentId") and name[8:].isdigit():
        return f"PARENT_ID_{name[8:]}"
    for original, camel in _names(call, False).items():
        if name in (original, camel):
            return original
    return camel_to_snake(name)


def render(call: Call, row: dict[str, Any], select: list[str] | None = None) -> dict[str, Any]:
    deals: Deals = call.state.deals
    old = deals.render(row)
    out: dict[str, Any] = {}
    for key, spec in deals.FIELDS.items():
        value = row.get(key)
        if key in ("STAGE_SEMANTIC_ID", "IS_NEW", "CONTACT_ID"):
            value = old.get(key)
            if key == "CONTACT_ID":
                value = typed_out("integer", value)
        out[CAMEL.get(key, snake_to_camel(key))] = typed_out(spec.type, value)
    out["contactIds"] = deals.contact_ids(row)
    for key, value in row.items():
        if key.startswith("PARENT_ID_"):
            out[f"parentId{key[10:]}"] = value
    names = _names(call, _original(call))
    ufs = call.state.userfields.of("CRM_DEAL")
    for name, uf in ufs.items():
        out[names[name]] = typed_out(uf.user_type_id, row.get(name))
    if select and "*" not in select:
        keep = {"id"} | set(select)
        out = {k: v for k, v in out.items() if k in keep}
    return out


def _fields(call: Call) -> tuple[dict[str, Any], Any, Any]:
    fields = {}
    category = stage = None
    for key, value in call.params.dict("fields").items():
        if key == "categoryId":
            category = value
        elif key == "stageId":
            stage = value
        elif key == "contactIds":
            fields["CONTACT_IDS"] = value
        else:
            fields[_to_upper(call, key)] = value
    return fields, category, stage


def deal_add(call: Call) -> dict[str, Any]:
    fields, category, stage = _fields(call)
    if category is not None:
        fields["CATEGORY_ID"] = category
    if stage is not None:
        fields["STAGE_ID"] = stage
    deal_id = call.state.deals.create(fields)
    return {"item": render(call, call.state.deals.rows[deal_id])}


def deal_update(call: Call) -> dict[str, Any]:
    deals: Deals = call.state.deals
    row = _row(call)
    fields, category, stage = _fields(call)
    if category is not None:
        deals.move_category(row, int(category), stage)
    elif stage is not None:
        fields["STAGE_ID"] = stage
    deals.modify(row["ID"], fields)
    return {"item": render(call, row)}


def _row(call: Call) -> dict[str, Any]:
    row = call.state.deals.rows.get(call.params.int("id"))
    if row is None:
        raise item_not_found()
    return row


def deal_get(call: Call) -> dict[str, Any]:
    return {"item": render(call, _row(call))}


def deal_list(call: Call) -> ListResult:
    deals: Deals = call.state.deals

    def get(row: dict[str, Any], field: str) -> Any:
        if field == "contactIds":
            return deals.contact_ids(row)
        upper = _to_upper(call, field)
        if upper not in deals.FIELDS and not upper.startswith(("UF_", "PARENT_ID_")):
            raise invalid_arg(f"Unknown field {field!r} in filter or order")
        return row.get(upper)

    rows = [r for r in deals.rows.values() if matches(r, call.params.get("filter") or {}, get)]
    rows = order_rows(rows, call.params.get("order"), get, {"id": "ASC"})
    chunk, total, nxt = page(rows, call.params.get("start"))
    select = call.params.get("select")
    select = select if isinstance(select, list) and select else None
    return ListResult({"items": [render(call, r, select) for r in chunk]}, total, nxt)
