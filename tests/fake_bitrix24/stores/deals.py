"""Deals: crm.deal.* incl. product rows and contact bindings (§7)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.fake_bitrix24.errors import B24Error, crm_not_found
from tests.fake_bitrix24.registry import Call, method
from tests.fake_bitrix24.stores.categories import DEAL
from tests.fake_bitrix24.stores.oldcrm import F, OldCrmStore
from tests.fake_bitrix24.values import to_float, to_int, yn

_RO = {"read_only": True}


class Deals(OldCrmStore):
    entity_uf = "CRM_DEAL"
    event_prefix = "ONCRMDEAL"
    owner_type = "D"
    FIELDS = {
        "ID": F("integer", "ID", **_RO),
        "TITLE": F("string", "Name"),
        "TYPE_ID": F("crm_status", "Type"),
        "CATEGORY_ID": F("crm_category", "Pipeline", immutable=True),
        "STAGE_ID": F("crm_status", "Stage"),
        "STAGE_SEMANTIC_ID": F("string", "Stage group", **_RO),
        "IS_NEW": F("char", "New deal", **_RO),
        "PROBABILITY": F("integer", "Probability"),
        "CURRENCY_ID": F("crm_currency", "Currency"),
        "OPPORTUNITY": F("double", "Amount"),
        "IS_MANUAL_OPPORTUNITY": F("char", "Manual amount"),
        "TAX_VALUE": F("double", "Tax"),
        "COMPANY_ID": F("crm_company", "Company"),
        "CONTACT_ID": F("crm_contact", "Contact"),
        "BEGINDATE": F("date", "Start date"),
        "CLOSEDATE": F("date", "End date"),
        "OPENED": F("char", "Available to everyone"),
        "CLOSED": F("char", "Closed"),
        "COMMENTS": F("string", "Comment"),
        "ASSIGNED_BY_ID": F("user", "Responsible"),
        "CREATED_BY_ID": F("user", "Created by", **_RO),
        "MODIFY_BY_ID": F("user", "Modified by", **_RO),
        "MOVED_BY_ID": F("user", "Moved by", **_RO),
        "DATE_CREATE": F("datetime", "Created", **_RO),
        "DATE_MODIFY": F("datetime", "Modified", **_RO),
        "MOVED_TIME": F("datetime", "Moved", **_RO),
        "SOURCE_ID": F("crm_status", "Source"),
        "SOURCE_DESCRIPTION": F("string", "Source information"),
        "ADDITIONAL_INFO": F("string", "Additional information"),
        "ORIGINATOR_ID": F("string", "External source"),
        "ORIGIN_ID": F("string", "Item ID in data source"),
    }

    def special(self, row: dict[str, Any], key: str, value: Any, creating: bool) -> bool:
        if key == "CONTACT_IDS":
            ids = value if isinstance(value, list) else [value]
            self.set_contacts(row, [{"CONTACT_ID": i} for i in ids if to_int(i)])
            return True
        if key == "CONTACT_ID":  # deprecated single binding
            if to_int(value):
                self.set_contacts(row, [{"CONTACT_ID": value}])
            return True
        if key == "STAGE_ID":
            row["_stage_wanted"] = str(value)
            return True
        return False

    def defaults(self, row: dict[str, Any]) -> None:
        now = self.state.now()
        row.setdefault("TITLE", None)
        row["TITLE"] = row["TITLE"] or f"Deal #{row['ID']}"
        row.setdefault("CURRENCY_ID", "RUB")
        row.setdefault("OPPORTUNITY", 0.0)
        row.setdefault("IS_MANUAL_OPPORTUNITY", "N")
        row.setdefault("PROBABILITY", None)
        row.setdefault("BEGINDATE", now.replace(hour=0, minute=0, second=0))
        row.setdefault("CLOSEDATE", (now + timedelta(days=7)).replace(hour=0, minute=0, second=0))
        row.setdefault("_contacts", [])
        row.setdefault("_rows", [])
        cat = row.get("CATEGORY_ID") or 0
        if not self.state.categories.exists(DEAL, cat):
            raise B24Error(400, "", f"Category with ID {cat} is not found")
        row["CATEGORY_ID"] = cat
        row["STAGE_ID"] = None
        self._settle_stage(row)

    def _settle_stage(self, row: dict[str, Any]) -> None:
        """A stage of another pipeline is ignored (first stage on add) - Inferred."""
        wanted = row.pop("_stage_wanted", None)
        cats = self.state.categories
        cat = row["CATEGORY_ID"]
        known = wanted and cats.stage(DEAL, cat, wanted) is not None
        if known and wanted != row.get("STAGE_ID"):
            row["STAGE_ID"] = wanted
            row["MOVED_TIME"] = self.state.now()
            row["MOVED_BY_ID"] = self.state.actor_id
        if row.get("STAGE_ID") is None:
            row["STAGE_ID"] = cats.first_stage(DEAL, cat)
            row["MOVED_TIME"] = self.state.now()
            row["MOVED_BY_ID"] = self.state.actor_id
        row["CLOSED"] = "Y" if self.semantic(row) in ("S", "F") else "N"

    def modify(self, entity_id: int, fields: dict[str, Any], emit: bool = True) -> None:
        row = self.get_row(entity_id)
        self.apply(row, fields, creating=False)
        self._settle_stage(row)
        row["DATE_MODIFY"] = self.state.now()
        row["MODIFY_BY_ID"] = self.state.actor_id
        if emit:
            self.touched(row)

    def move_category(self, row: dict[str, Any], category_id: int, stage: str | None) -> None:
        """What crm.item.update(entityTypeId=2, categoryId) does - crm.deal.update can't."""
        if not self.state.categories.exists(DEAL, category_id):
            raise B24Error(400, "CRM_FIELD_ERROR_VALUE_NOT_VALID", "Category is not valid")
        if category_id == row["CATEGORY_ID"]:
            return
        row["CATEGORY_ID"] = category_id
        row["STAGE_ID"] = None
        row["_stage_wanted"] = stage
        self._settle_stage(row)
        self.state.events.fire(
            "ONCRMDEALMOVETOCATEGORY",
            {"FIELDS": {"ID": row["ID"], "CATEGORY_ID": category_id, "STAGE_ID": row["STAGE_ID"]}},
        )

    def semantic(self, row: dict[str, Any]) -> str:
        return self.state.categories.semantic(DEAL, row["CATEGORY_ID"], row["STAGE_ID"] or "")

    def extra_out(self, row: dict[str, Any], out: dict[str, Any]) -> None:
        out["STAGE_SEMANTIC_ID"] = self.semantic(row)
        first = self.state.categories.first_stage(DEAL, row["CATEGORY_ID"])
        out["IS_NEW"] = "Y" if row["STAGE_ID"] == first else "N"
        primary = self.primary_contact(row)
        out["CONTACT_ID"] = None if primary is None else str(primary)

    # -- contact bindings ----------------------------------------------------------------
    def set_contacts(self, row: dict[str, Any], items: list[dict[str, Any]]) -> None:
        bindings = []
        for i, item in enumerate(items):
            bindings.append(
                {
                    "CONTACT_ID": int(to_int(item.get("CONTACT_ID")) or 0),
                    "SORT": to_int(item.get("SORT")) or (i + 1) * 10,
                    "ROLE_ID": 0,
                    "IS_PRIMARY": yn(item.get("IS_PRIMARY", "N")),
                }
            )
        if bindings and not any(b["IS_PRIMARY"] == "Y" for b in bindings):
            bindings[0]["IS_PRIMARY"] = "Y"
        row["_contacts"] = bindings

    def primary_contact(self, row: dict[str, Any]) -> int | None:
        for b in row.get("_contacts", []):
            if b["IS_PRIMARY"] == "Y":
                return int(b["CONTACT_ID"])
        return None

    def contact_ids(self, row: dict[str, Any]) -> list[int]:
        return [int(b["CONTACT_ID"]) for b in row.get("_contacts", [])]

    # -- product rows --------------------------------------------------------------------
    def set_rows(self, row: dict[str, Any], rows: list[dict[str, Any]]) -> None:
        """Replaces the whole set: rows not passed are deleted (§7)."""
        stored = []
        for i, r in enumerate(rows):
            price = to_float(r.get("PRICE")) or 0.0
            qty = to_float(r.get("QUANTITY"))
            stored.append(
                {
                    "ID": self.state.next_id("productrow"),
                    "OWNER_ID": row["ID"],
                    "OWNER_TYPE": self.owner_type,
                    "PRODUCT_ID": to_int(r.get("PRODUCT_ID")) or 0,
                    "PRODUCT_NAME": str(r.get("PRODUCT_NAME") or ""),
                    "PRICE": price,
                    "PRICE_EXCLUSIVE": to_float(r.get("PRICE_EXCLUSIVE")) or price,
                    "PRICE_NETTO": to_float(r.get("PRICE_NETTO")) or price,
                    "PRICE_BRUTTO": to_float(r.get("PRICE_BRUTTO")) or price,
                    "QUANTITY": 1.0 if qty is None else qty,
                    "DISCOUNT_TYPE_ID": to_int(r.get("DISCOUNT_TYPE_ID")) or 2,
                    "DISCOUNT_RATE": to_float(r.get("DISCOUNT_RATE")) or 0.0,
                    "DISCOUNT_SUM": to_float(r.get("DISCOUNT_SUM")) or 0.0,
                    "TAX_RATE": to_float(r.get("TAX_RATE")),
                    "TAX_INCLUDED": yn(r.get("TAX_INCLUDED", "N")),
                    "CUSTOMIZED": "Y",
                    "MEASURE_CODE": to_int(r.get("MEASURE_CODE")) or 796,
                    "MEASURE_NAME": str(r.get("MEASURE_NAME") or "шт"),
                    "SORT": to_int(r.get("SORT")) or (i + 1) * 10,
                    "XML_ID": r.get("XML_ID"),
                    "TYPE": 1,
                }
            )
        row["_rows"] = stored
        if row.get("IS_MANUAL_OPPORTUNITY") != "Y":
            row["OPPORTUNITY"] = round(sum(r["PRICE"] * r["QUANTITY"] for r in stored), 2)

    @staticmethod
    def row_out(r: dict[str, Any]) -> dict[str, Any]:
        out = dict(r)
        out["ID"] = str(r["ID"])
        out["OWNER_ID"] = str(r["OWNER_ID"])
        return out


def _deals(call: Call) -> Deals:
    return call.state.deals


method("crm.deal.add", "crm")(lambda c: _deals(c).m_add(c))
method("crm.deal.update", "crm")(lambda c: _deals(c).m_update(c))
method("crm.deal.get", "crm")(lambda c: _deals(c).m_get(c))
method("crm.deal.list", "crm")(lambda c: _deals(c).m_list(c))
method("crm.deal.delete", "crm")(lambda c: _deals(c).m_delete(c))
method("crm.deal.fields", "crm")(lambda c: _deals(c).fields_description())


@method("crm.deal.productrows.set", "crm")
def productrows_set(call: Call) -> bool:
    deals = _deals(call)
    row = deals.get_row(call.params.get("id"))
    rows = call.params.get("rows") or []
    if not isinstance(rows, list):
        rows = list(rows.values()) if isinstance(rows, dict) else []
    deals.set_rows(row, [r for r in rows if isinstance(r, dict)])
    row["DATE_MODIFY"] = call.state.now()
    deals.touched(row)
    return True


@method("crm.deal.productrows.get", "crm")
def productrows_get(call: Call) -> list[dict[str, Any]]:
    row = _deals(call).get_row(call.params.get("id"))
    return [Deals.row_out(r) for r in row["_rows"]]


@method("crm.deal.contact.add", "crm")
def contact_add(call: Call) -> bool:
    deals = _deals(call)
    row = deals.get_row(call.params.get("id"))
    fields = call.params.dict("fields")
    cid = to_int(fields.get("CONTACT_ID"))
    if not cid:
        raise B24Error(400, "", "The parameter 'fields' must contain CONTACT_ID.")
    if cid in deals.contact_ids(row):
        return False
    items = list(row["_contacts"])
    if yn(fields.get("IS_PRIMARY", "N")) == "Y":
        for b in items:
            b["IS_PRIMARY"] = "N"
    items.append(
        {"CONTACT_ID": cid, "SORT": fields.get("SORT"), "IS_PRIMARY": fields.get("IS_PRIMARY", "N")}
    )
    deals.set_contacts(row, items)
    deals.touched(row)
    return True


@method("crm.deal.contact.items.set", "crm")
def contact_items_set(call: Call) -> bool:
    deals = _deals(call)
    row = deals.get_row(call.params.get("id"))
    items = call.params.get("items") or []
    deals.set_contacts(row, [i for i in items if isinstance(i, dict)])
    deals.touched(row)
    return True


@method("crm.deal.contact.items.get", "crm")
def contact_items_get(call: Call) -> list[dict[str, Any]]:
    row = _deals(call).get_row(call.params.get("id"))
    return [
        {
            "CONTACT_ID": b["CONTACT_ID"],
            "SORT": b["SORT"],
            "ROLE_ID": b["ROLE_ID"],
            "IS_PRIMARY": b["IS_PRIMARY"],
        }
        for b in row["_contacts"]
    ]


@method("crm.deal.contact.delete", "crm")
def contact_delete(call: Call) -> bool:
    deals = _deals(call)
    row = deals.get_row(call.params.get("id"))
    cid = to_int(call.params.dict("fields").get("CONTACT_ID"))
    if cid not in deals.contact_ids(row):
        raise crm_not_found()
    deals.set_contacts(row, [b for b in row["_contacts"] if b["CONTACT_ID"] != cid])
    deals.touched(row)
    return True


@method("crm.deal.contact.items.delete", "crm")
def contact_items_delete(call: Call) -> bool:
    deals = _deals(call)
    row = deals.get_row(call.params.get("id"))
    deals.set_contacts(row, [])
    deals.touched(row)
    return True
