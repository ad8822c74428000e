"""Shared mechanics of the old `crm.deal.*` / `crm.contact.*` family.

Why a base class: both take UPPER keys, silently ignore unknown fields and undefined UFs,
answer numbers as strings, use `"error": ""` + 400 for not-found, and share select/filter
rules (`*`, `UF_*`, multifields only when named).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tests.fake_bitrix24.errors import crm_bad_id, crm_fields_not_array, crm_not_found
from tests.fake_bitrix24.query import matches, order_rows, page
from tests.fake_bitrix24.registry import Call, ListResult
from tests.fake_bitrix24.values import coerce, old_crm_out

if TYPE_CHECKING:
    from tests.fake_bitrix24.stores.state import PortalState


@dataclass(frozen=True)
class F:
    """Field description, also what `crm.*.fields` reports."""

    type: str
    title: str = ""
    read_only: bool = False
    immutable: bool = False
    multiple: bool = False
    required: bool = False


MULTIFIELD_TYPES = ("PHONE", "EMAIL", "WEB", "IM", "LINK")


class OldCrmStore:
    entity_uf = ""  # CRM_DEAL / CRM_CONTACT
    event_prefix = ""  # ONCRMDEAL / ONCRMCONTACT
    owner_type = ""  # D / C
    FIELDS: dict[str, F] = {}

    def __init__(self, state: PortalState) -> None:
        self.state = state
        self.rows: dict[int, dict[str, Any]] = {}

    # -- hooks ------------------------------------------------------------------------
    def defaults(self, row: dict[str, Any]) -> None:
        """Fill defaults after the first apply on add."""

    def special(self, row: dict[str, Any], key: str, value: Any, creating: bool) -> bool:
        """Handle a key with side effects (bindings, stage...). True = consumed."""
        return False

    def extra_out(self, row: dict[str, Any], out: dict[str, Any]) -> None:
        """Computed fields (STAGE_SEMANTIC_ID, ...)."""

    # -- core -------------------------------------------------------------------------
    def ufs(self) -> dict[str, Any]:
        return self.state.userfields.of(self.entity_uf)

    def get_row(self, entity_id: Any) -> dict[str, Any]:
        try:
            key = int(str(entity_id))
        except (TypeError, ValueError):
            raise crm_bad_id() from None
        if key <= 0:
            raise crm_bad_id()
        row = self.rows.get(key)
        if row is None:
            raise crm_not_found()
        return row

    def apply(self, row: dict[str, Any], fields: dict[str, Any], creating: bool) -> None:
        ufs = self.ufs()
        for key, value in fields.items():
            if self.special(row, key, value, creating):
                continue
            spec = self.FIELDS.get(key)
            if spec is not None:
                if spec.read_only or (spec.immutable and not creating):
                    continue  # silently ignored, as on the real portal
                row[key] = coerce(spec.type, value)
            elif key in ufs:
                row[key] = self._uf_value(ufs[key], value, row.get(key))
            elif (
                key.startswith("PARENT_ID_")
                and key[10:].isdigit()
                and self.state.items.type_by_etid(int(key[10:])) is not None
            ):
                row[key] = coerce("integer", value)
            # everything else: unknown field, ignored silently (§7)

    def _uf_value(self, uf: Any, value: Any, old: Any) -> Any:
        if uf.user_type_id == "file":
            return self._file_value(uf.multiple, value, old)
        if uf.multiple:
            values = value if isinstance(value, list) else [value]
            return [coerce(uf.user_type_id, v) for v in values if v not in (None, "")]
        return coerce(uf.user_type_id, value)

    def _file_value(self, multiple: bool, value: Any, old: Any) -> Any:
        values = value if isinstance(value, list) and multiple else [value]
        kept: list[int] = []
        for v in values:
            if isinstance(v, dict) and isinstance(v.get("fileData"), list) and v["fileData"]:
                name, b64 = (v["fileData"] + [""])[:2]
                kept.append(self.state.store_file(name, b64).id)
            elif isinstance(v, dict) and v.get("id") and str(v.get("del", "")).upper() != "Y":
                kept.append(int(v["id"]))
        if multiple:
            return kept
        return kept[0] if kept else None

    def create(self, fields: dict[str, Any], emit: bool = True) -> int:
        now = self.state.now()
        uid = self.state.webhook_user_id
        row: dict[str, Any] = {"ID": self.state.next_id(self.entity_uf)}
        row.update(
            {
                "DATE_CREATE": now,
                "DATE_MODIFY": now,
                "CREATED_BY_ID": uid,
                "MODIFY_BY_ID": uid,
                "ASSIGNED_BY_ID": uid,
                "OPENED": "Y",
            }
        )
        self.apply(row, fields, creating=True)
        self.defaults(row)
        self.rows[row["ID"]] = row
        if emit:
            self.state.events.fire(f"{self.event_prefix}ADD", {"FIELDS": {"ID": row["ID"]}})
        return int(row["ID"])

    def modify(self, entity_id: int, fields: dict[str, Any], emit: bool = True) -> None:
        row = self.get_row(entity_id)
        self.apply(row, fields, creating=False)
        row["DATE_MODIFY"] = self.state.now()
        row["MODIFY_BY_ID"] = self.state.webhook_user_id
        if emit:
            self.touched(row)

    def touched(self, row: dict[str, Any]) -> None:
        self.state.events.fire(f"{self.event_prefix}UPDATE", {"FIELDS": {"ID": row["ID"]}})

    def remove(self, entity_id: Any, emit: bool = True) -> None:
        row = self.get_row(entity_id)
        del self.rows[row["ID"]]
        if emit:
            self.state.events.fire(f"{self.event_prefix}DELETE", {"FIELDS": {"ID": row["ID"]}})

    def field_value(self, row: dict[str, Any], name: str) -> Any:
        if name in MULTIFIELD_TYPES:
            return [m["VALUE"] for m in row.get(name, [])]
        return row.get(name)

    def render(self, row: dict[str, Any], select: list[str] | None = None) -> dict[str, Any]:
        ufs = self.ufs()
        wanted = [s for s in (select or ["*", "UF_*"]) if isinstance(s, str)]
        names: list[str] = ["ID"]
        for s in wanted:
            if s == "*":
                names += [n for n, f in self.FIELDS.items() if n not in MULTIFIELD_TYPES]
                names += [n for n in row if n.startswith("PARENT_ID_")]
            elif s == "UF_*":
                names += [n for n, u in ufs.items() if not u.multiple]
            else:
                names.append(s)
        out: dict[str, Any] = {}
        for name in dict.fromkeys(names):
            if name in MULTIFIELD_TYPES and name in self.FIELDS:
                if row.get(name):  # real portal omits an empty multifield
                    out[name] = [self._mf_out(m) for m in row[name]]
            elif name in self.FIELDS:
                out[name] = old_crm_out(self.FIELDS[name].type, row.get(name))
            elif name in ufs:
                out[name] = self._uf_out(ufs[name], row.get(name))
            elif name.startswith("PARENT_ID_"):
                out[name] = old_crm_out("integer", row.get(name))
        self.extra_out(row, out)
        return {k: v for k, v in out.items() if k in names}

    @staticmethod
    def _mf_out(m: dict[str, Any]) -> dict[str, Any]:
        return {
            "ID": str(m["ID"]),
            "VALUE_TYPE": m["VALUE_TYPE"],
            "VALUE": m["VALUE"],
            "TYPE_ID": m["TYPE_ID"],
        }

    def _uf_out(self, uf: Any, value: Any) -> Any:
        if uf.user_type_id == "file":
            ids = value if isinstance(value, list) else ([] if value is None else [value])
            files = [
                {"id": i, "showUrl": self.state.file_url(i), "downloadUrl": self.state.file_url(i)}
                for i in ids
            ]
            return files if uf.multiple else (files[0] if files else None)
        if uf.multiple and value is None:
            return []
        return old_crm_out(uf.user_type_id, value)

    def render_all(self) -> list[dict[str, Any]]:
        """State-reading helper for tests: every row as crm.*.get would answer it."""
        return [self.render(r, self.full_select()) for r in self.rows.values()]

    def full_select(self) -> list[str]:
        """What crm.*.get returns: everything, multiple UFs and multifields included."""
        return ["*", *self.ufs(), *MULTIFIELD_TYPES]

    def fields_description(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, f in self.FIELDS.items():
            out[name] = {
                "type": f.type,
                "isRequired": f.required,
                "isReadOnly": f.read_only,
                "isImmutable": f.immutable,
                "isMultiple": f.multiple,
                "isDynamic": False,
                "title": f.title or name,
            }
        for name, uf in self.ufs().items():
            out[name] = {
                "type": uf.user_type_id,
                "isRequired": uf.mandatory,
                "isReadOnly": False,
                "isImmutable": False,
                "isMultiple": uf.multiple,
                "isDynamic": True,
                "title": name,
            }
        return out

    # -- method bodies ----------------------------------------------------------------
    def m_add(self, call: Call) -> int:
        fields = call.params.get("fields")
        if not isinstance(fields, dict):
            raise crm_fields_not_array()
        return self.create(fields)

    def m_update(self, call: Call) -> bool:
        entity_id = call.params.get("id")
        self.get_row(entity_id)
        fields = call.params.get("fields")
        if not isinstance(fields, dict):
            raise crm_fields_not_array()
        self.modify(int(entity_id), fields)
        return True

    def m_get(self, call: Call) -> dict[str, Any]:
        return self.render(self.get_row(call.params.get("id")), self.full_select())

    def m_delete(self, call: Call) -> bool:
        self.remove(call.params.get("id"))
        return True

    def m_list(self, call: Call) -> ListResult:
        flt = call.params.get("filter") or {}
        rows = [r for r in self.rows.values() if matches(r, flt, self.field_value)]
        rows = order_rows(rows, call.params.get("order"), self.field_value, {"ID": "ASC"})
        chunk, total, nxt = page(rows, call.params.get("start"))
        select = call.params.get("select")
        select = select if isinstance(select, list) and select else None
        return ListResult([self.render(r, select) for r in chunk], total, nxt)
