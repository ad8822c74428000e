"""Contacts: crm.contact.* with multifield rules, and crm.duplicate.findbycomm (§8)."""

from __future__ import annotations

import re
from typing import Any

from tests.fake_bitrix24.errors import B24Error
from tests.fake_bitrix24.registry import Call, method
from tests.fake_bitrix24.stores.oldcrm import MULTIFIELD_TYPES, F, OldCrmStore

_RO = {"read_only": True}
_DEFAULT_VALUE_TYPE = {
    "PHONE": "WORK",
    "EMAIL": "WORK",
    "WEB": "WORK",
    "IM": "OTHER",
    "LINK": "USER",
}


class Contacts(OldCrmStore):
    entity_uf = "CRM_CONTACT"
    event_prefix = "ONCRMCONTACT"
    owner_type = "C"
    FIELDS = {
        "ID": F("integer", "ID", **_RO),
        "NAME": F("string", "First name"),
        "SECOND_NAME": F("string", "Second name"),
        "LAST_NAME": F("string", "Last name"),
        "HONORIFIC": F("crm_status", "Salutation"),
        "TYPE_ID": F("crm_status", "Contact type"),
        "SOURCE_ID": F("crm_status", "Source"),
        "SOURCE_DESCRIPTION": F("string", "Source information"),
        "POST": F("string", "Position"),
        "COMMENTS": F("string", "Comment"),
        "OPENED": F("char", "Available to everyone"),
        "EXPORT": F("char", "Included in export"),
        "COMPANY_ID": F("crm_company", "Company"),
        "ASSIGNED_BY_ID": F("user", "Responsible"),
        "CREATED_BY_ID": F("user", "Created by", **_RO),
        "MODIFY_BY_ID": F("user", "Modified by", **_RO),
        "DATE_CREATE": F("datetime", "Created", **_RO),
        "DATE_MODIFY": F("datetime", "Modified", **_RO),
        "HAS_PHONE": F("char", "Has phone", **_RO),
        "HAS_EMAIL": F("char", "Has email", **_RO),
        "ORIGINATOR_ID": F("string", "External source"),
        "ORIGIN_ID": F("string", "Item ID in data source"),
        **{t: F("crm_multifield", t.title(), multiple=True) for t in MULTIFIELD_TYPES},
    }

    def special(self, row: dict[str, Any], key: str, value: Any, creating: bool) -> bool:
        if key in MULTIFIELD_TYPES:
            self.apply_multifield(row, key, value)
            return True
        return False

    def apply_multifield(self, row: dict[str, Any], type_id: str, value: Any) -> None:
        """Entry without ID is appended; {ID, VALUE...} edits; {ID, DELETE:Y}, {ID, VALUE:""}
        or a bare {ID} deletes; untouched entries stay (§8)."""
        entries = (
            value
            if isinstance(value, list)
            else list(value.values())
            if isinstance(value, dict)
            else []
        )
        current: list[dict[str, Any]] = row.setdefault(type_id, [])
        for entry in entries:
            if not isinstance(entry, dict):
                continue
            mf_id = entry.get("ID")
            if mf_id in (None, "", 0, "0"):
                val = str(entry.get("VALUE") or "").strip()
                if val:
                    current.append(
                        {
                            "ID": self.state.next_id("multifield"),
                            "TYPE_ID": type_id,
                            "VALUE": val,
                            "VALUE_TYPE": str(
                                entry.get("VALUE_TYPE") or _DEFAULT_VALUE_TYPE[type_id]
                            ),
                        }
                    )
                continue
            target = next((m for m in current if str(m["ID"]) == str(mf_id)), None)
            if target is None:
                continue  # unknown ID: ignored
            keys = {k for k in entry if k != "ID"}
            deleting = (
                str(entry.get("DELETE", "")).upper() == "Y"
                or not keys
                or ("VALUE" in entry and str(entry["VALUE"] or "") == "")
            )
            if deleting:
                current.remove(target)
                continue
            if "VALUE" in entry:
                target["VALUE"] = str(entry["VALUE"]).strip()
            if entry.get("VALUE_TYPE"):
                target["VALUE_TYPE"] = str(entry["VALUE_TYPE"])

    def defaults(self, row: dict[str, Any]) -> None:
        row.setdefault("TYPE_ID", "CLIENT")
        row.setdefault("SOURCE_ID", "OTHER")
        row.setdefault("EXPORT", "Y")

    def extra_out(self, row: dict[str, Any], out: dict[str, Any]) -> None:
        out["HAS_PHONE"] = "Y" if row.get("PHONE") else "N"
        out["HAS_EMAIL"] = "Y" if row.get("EMAIL") else "N"


def _contacts(call: Call) -> Contacts:
    return call.state.contacts


method("crm.contact.add", "crm")(lambda c: _contacts(c).m_add(c))
method("crm.contact.update", "crm")(lambda c: _contacts(c).m_update(c))
method("crm.contact.get", "crm")(lambda c: _contacts(c).m_get(c))
method("crm.contact.delete", "crm")(lambda c: _contacts(c).m_delete(c))
method("crm.contact.fields", "crm")(lambda c: _contacts(c).fields_description())


@method("crm.contact.list", "crm")
def contact_list(call: Call) -> Any:
    flt = call.params.get("filter") or {}
    if isinstance(flt, dict) and any(k.lower() == "logic" for k in flt):
        # old crm.contact.list has no OR logic (§6)
        raise B24Error(400, "", "Filter logic is not supported.")
    return _contacts(call).m_list(call)


def _digits(phone: str) -> str:
    """Duplicate search compares normalised numbers; an extension is ignored (§8)."""
    main = re.split(r"(?i)(?:ext\.?|доб\.?|#|,)", phone)[0]
    return re.sub(r"\D", "", main)


@method("crm.duplicate.findbycomm", "crm")
def findbycomm(call: Call) -> Any:
    comm_type = str(call.params.get("type") or "").upper()
    if comm_type not in ("PHONE", "EMAIL"):
        raise B24Error(400, "", "Communication type is not defined")
    values = call.params.get("values") or []
    values = values if isinstance(values, list) else [values]
    if len(values) > 20:
        raise B24Error(400, "", "Too many values (maximum 20)")
    entity = str(call.params.get("entity_type") or "").upper()
    if entity and entity not in ("CONTACT", "LEAD", "COMPANY"):
        raise B24Error(400, "", "Entity type is not supported")

    def norm(v: str) -> str:
        return _digits(v) if comm_type == "PHONE" else v.strip().lower()

    wanted = {norm(str(v)) for v in values if str(v).strip()}
    found = []
    if entity in ("", "CONTACT"):
        for row in _contacts(call).rows.values():
            if any(norm(m["VALUE"]) in wanted for m in row.get(comm_type, [])):
                found.append(row["ID"])
    return {"CONTACT": sorted(found)[:20]} if found else []
