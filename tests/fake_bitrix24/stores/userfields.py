"""User fields: crm.deal.userfield.*, crm.contact.userfield.* and userfieldconfig.* (§7, §9).

Stores only accept UF_* keys that are defined here - like the real portal, which silently
ignores unknown fields on add/update.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tests.fake_bitrix24.errors import B24Error, crm_not_found
from tests.fake_bitrix24.registry import Call, method
from tests.fake_bitrix24.values import yn

if TYPE_CHECKING:
    from tests.fake_bitrix24.stores.state import PortalState

_NAME_RE = re.compile(r"^UF_[A-Z0-9_]+$")


@dataclass
class UserField:
    id: int
    entity_id: str  # CRM_DEAL, CRM_CONTACT, CRM_16, TASKS_TASK
    field_name: str
    user_type_id: str = "string"
    multiple: bool = False
    mandatory: bool = False
    xml_id: str | None = None
    sort: int = 100
    labels: dict[str, Any] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)

    def old_row(self) -> dict[str, Any]:
        return {
            "ID": str(self.id),
            "ENTITY_ID": self.entity_id,
            "FIELD_NAME": self.field_name,
            "USER_TYPE_ID": self.user_type_id,
            "XML_ID": self.xml_id,
            "SORT": str(self.sort),
            "MULTIPLE": yn(self.multiple),
            "MANDATORY": yn(self.mandatory),
            "SHOW_FILTER": "N",
            "SETTINGS": self.settings,
            "EDIT_FORM_LABEL": self.labels.get("edit", ""),
        }

    def config_row(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "entityId": self.entity_id,
            "fieldName": self.field_name,
            "userTypeId": self.user_type_id,
            "xmlId": self.xml_id,
            "sort": str(self.sort),
            "multiple": yn(self.multiple),
            "mandatory": yn(self.mandatory),
            "editFormLabel": self.labels.get("editFormLabel", {}),
            "settings": self.settings,
        }


class UserFields:
    def __init__(self, state: PortalState) -> None:
        self.state = state
        self.fields: dict[int, UserField] = {}

    def define(
        self,
        entity_id: str,
        field_name: str,
        user_type_id: str = "string",
        multiple: bool = False,
        **extra: Any,
    ) -> UserField:
        """Seed helper (also used by the methods): returns the existing field if defined."""
        found = self.find(entity_id, field_name)
        if found:
            return found
        uf = UserField(
            self.state.next_id("uf", 100), entity_id, field_name, user_type_id, multiple, **extra
        )
        self.fields[uf.id] = uf
        return uf

    def find(self, entity_id: str, field_name: str) -> UserField | None:
        for uf in self.fields.values():
            if uf.entity_id == entity_id and uf.field_name == field_name.upper():
                return uf
        return None

    def of(self, entity_id: str) -> dict[str, UserField]:
        return {u.field_name: u for u in self.fields.values() if u.entity_id == entity_id}


def _old_add(call: Call, entity_id: str) -> int:
    fields = call.params.dict("fields")
    name = str(fields.get("FIELD_NAME", "")).upper()
    if not name.startswith("UF_CRM_"):
        name = "UF_CRM_" + name
    if not _NAME_RE.match(name) or len(name) > 50 or name == "UF_CRM_":
        raise B24Error(400, "ERROR_CORE", "Field name is invalid.")
    store = call.state.userfields
    if store.find(entity_id, name):
        raise B24Error(400, "ERROR_CORE", f"Field {name} already exists.")
    label = fields.get("EDIT_FORM_LABEL") or fields.get("LABEL") or ""
    uf = store.define(
        entity_id,
        name,
        str(fields.get("USER_TYPE_ID", "string")),
        yn(fields.get("MULTIPLE", "N")) == "Y",
        mandatory=yn(fields.get("MANDATORY", "N")) == "Y",
        xml_id=fields.get("XML_ID"),
        labels={"edit": label},
        settings=fields.get("SETTINGS") if isinstance(fields.get("SETTINGS"), dict) else {},
    )
    return uf.id


def _old_list(call: Call, entity_id: str) -> list[dict[str, Any]]:
    flt = call.params.dict("filter")
    rows = [u.old_row() for u in call.state.userfields.of(entity_id).values()]
    for key, wanted in flt.items():
        rows = [r for r in rows if str(r.get(key.upper())) == str(wanted)]
    return rows


def _old_get(call: Call, entity_id: str) -> dict[str, Any]:
    uf = call.state.userfields.fields.get(call.params.int("id"))
    if not uf or uf.entity_id != entity_id:
        raise crm_not_found()
    return uf.old_row()


def _old_delete(call: Call, entity_id: str) -> bool:
    uf = call.state.userfields.fields.get(call.params.int("id"))
    if not uf or uf.entity_id != entity_id:
        raise crm_not_found()
    del call.state.userfields.fields[uf.id]
    return True


for _entity, _prefix in (("CRM_DEAL", "crm.deal"), ("CRM_CONTACT", "crm.contact")):
    method(f"{_prefix}.userfield.add", "crm")(lambda c, e=_entity: _old_add(c, e))
    method(f"{_prefix}.userfield.list", "crm")(lambda c, e=_entity: _old_list(c, e))
    method(f"{_prefix}.userfield.get", "crm")(lambda c, e=_entity: _old_get(c, e))
    method(f"{_prefix}.userfield.delete", "crm")(lambda c, e=_entity: _old_delete(c, e))


def _check_entity(call: Call, entity_id: str) -> None:
    if entity_id in ("CRM_DEAL", "CRM_CONTACT", "CRM_COMPANY", "CRM_LEAD"):
        return
    m = re.fullmatch(r"CRM_(\d+)", entity_id)
    # the SPA type *id* (16), not its entityTypeId (1038) - the classic mix-up (§9)
    if not m or int(m.group(1)) not in call.state.items.types:
        raise B24Error(400, "ACCESS_DENIED", "Access denied.")


@method("userfieldconfig.add", "userfieldconfig")
def config_add(call: Call) -> dict[str, Any]:
    data = call.params.dict("field")
    entity_id = str(data.get("entityId", ""))
    _check_entity(call, entity_id)
    name = str(data.get("fieldName", "")).upper()
    expected = "UF_" + entity_id + "_"
    if not name.startswith(expected) or not _NAME_RE.match(name) or len(name) > 50:
        raise B24Error(400, "ERROR_FIELD_NAME", f"Field name must start with {expected}")
    if call.state.userfields.find(entity_id, name):
        raise B24Error(400, "ERROR_FIELD_EXISTS", "Field already exists")
    uf = call.state.userfields.define(
        entity_id,
        name,
        str(data.get("userTypeId", "string")),
        yn(data.get("multiple", "N")) == "Y",
        mandatory=yn(data.get("mandatory", "N")) == "Y",
        xml_id=data.get("xmlId"),
        labels={"editFormLabel": data.get("editFormLabel") or {}},
    )
    return {"field": uf.config_row()}


@method("userfieldconfig.list", "userfieldconfig")
def config_list(call: Call) -> dict[str, Any]:
    flt = call.params.dict("filter")
    rows = [u.config_row() for u in call.state.userfields.fields.values()]
    for key, wanted in flt.items():
        rows = [r for r in rows if str(r.get(key)) == str(wanted)]
    return {"fields": rows}


@method("userfieldconfig.get", "userfieldconfig")
def config_get(call: Call) -> dict[str, Any]:
    uf = call.state.userfields.fields.get(call.params.int("id"))
    if not uf:
        raise B24Error(400, "ERROR_NOT_FOUND", "Field not found")
    return {"field": uf.config_row()}


@method("userfieldconfig.delete", "userfieldconfig")
def config_delete(call: Call) -> Any:
    uf = call.state.userfields.fields.pop(call.params.int("id"), None)
    if not uf:
        raise B24Error(400, "ERROR_NOT_FOUND", "Field not found")
    return {}
