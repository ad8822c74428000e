"""Reading one entity back from the portal, as plain values our appliers compare."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from services.crm.inbound.context import Inbound
from services.normalize import NormalizeError, normalize_phone, normalize_plate, normalize_vin
from services.normalize.text import without_control
from services.storage.models import Order


@dataclass
class DealRead:
    id: int
    category_id: int | None
    status_id: str | None
    title: str
    comments: str
    assigned_by: Any
    modified_by: Any
    moved_by: Any  # who set the deal's current stage
    moved_at: datetime | None  # when (MOVED_TIME), None if the portal did not say
    origin_id: str
    contact_id: int | None
    item_id: int | None
    raw: dict[str, Any] = field(default_factory=dict)


@dataclass
class ContactRead:
    id: int
    name: str
    phones: list[str]  # E.164, in the contact's order; numbers we cannot read are left out


@dataclass
class CarRead:
    id: int
    vin: str | None
    plate: str | None
    make: str | None
    model: str | None
    year: int | None
    xml_id: str


@dataclass
class RowRead:
    name: str
    quantity: Decimal
    price: Decimal = Decimal(0)  # per unit, as the deal's row says


@dataclass(frozen=True)
class CrmMove:
    """The deal's stage change a move comes from (its STAGE_ID and MOVED_TIME). It is recorded
    on the order with the move's outcome, under the order's row lock, so each change is taken
    once: by one process, and not again after a restart or from a late, stale read."""

    status_id: str
    moved_at: datetime | None  # None: the portal did not say
    moved_by: Any  # MOVED_BY_ID

    @property
    def change(self) -> str:
        return f"{self.status_id} by {self.moved_by}"[:100]

    def is_new(self, order: Order) -> bool:
        seen = order.crm_moved_at
        if self.moved_at is None or seen is None:
            return True
        if self.moved_at != seen:
            return self.moved_at > seen
        # MOVED_TIME has whole seconds: a change within the same second is new if it differs.
        return self.change != order.crm_moved_change

    def account(self, order: Order) -> None:
        seen = order.crm_moved_at
        if self.moved_at is not None and (seen is None or self.moved_at >= seen):
            order.crm_moved_at, order.crm_moved_change = self.moved_at, self.change


async def read_deal(ib: Inbound, deal_id: int) -> DealRead:
    d = await ib.portal.call("crm.deal.get", {"id": deal_id})
    return DealRead(
        id=deal_id,
        category_id=_int(d.get("CATEGORY_ID")),
        status_id=d.get("STAGE_ID"),
        title=_text(d.get("TITLE")),
        comments=_text(d.get("COMMENTS")),
        assigned_by=d.get("ASSIGNED_BY_ID"),
        modified_by=d.get("MODIFY_BY_ID"),
        moved_by=d.get("MOVED_BY_ID"),
        moved_at=_when(d.get("MOVED_TIME")),
        origin_id=str(d.get("ORIGIN_ID") or ""),
        contact_id=_int(d.get("CONTACT_ID")),
        item_id=_int(d.get(f"PARENT_ID_{ib.mapping.car_entity_type_id}")),
        raw=d,
    )


async def read_contact(ib: Inbound, contact_id: int) -> ContactRead:
    c = await ib.portal.call("crm.contact.get", {"id": contact_id})
    phones: list[str] = []
    for entry in c.get("PHONE") or []:
        try:
            phone = normalize_phone(str(entry.get("VALUE") or ""))
        except NormalizeError:
            continue
        if phone not in phones:
            phones.append(phone)
    name = " ".join(_text(c.get(k)).strip() for k in ("NAME", "LAST_NAME")).strip()
    return ContactRead(contact_id, name, phones)


async def read_car(ib: Inbound, item_id: int) -> CarRead:
    result = await ib.portal.call(
        "crm.item.get",
        {"entityTypeId": ib.mapping.car_entity_type_id, "id": item_id, "useOriginalUfNames": "Y"},
    )
    item = result.get("item") or {}
    uf = ib.mapping.car_fields

    def value(name: str) -> str | None:
        raw = item.get(uf.get(name, ""))
        return _text(raw).strip() or None if raw not in (None, "") else None

    return CarRead(
        id=item_id,
        vin=_clean(normalize_vin, value("vin")),
        plate=_clean(normalize_plate, value("plate")),
        make=value("make"),
        model=value("model"),
        year=_int(value("year")),
        xml_id=str(item.get("xmlId") or ""),
    )


async def read_rows(ib: Inbound, deal_id: int) -> list[RowRead]:
    rows = await ib.portal.call("crm.deal.productrows.get", {"id": deal_id})
    out = []
    for row in rows or []:
        name = _text(row.get("PRODUCT_NAME")).strip()
        raw_quantity = row.get("QUANTITY")
        quantity = _decimal(1 if raw_quantity in (None, "") else raw_quantity, "0.001")
        if quantity is None:
            quantity = Decimal(0)  # unreadable: left out, so the row is put back
        # Unreadable: never equal to ours, never taken in.
        price = _decimal(row.get("PRICE") or 0, "0.01")
        if price is None:
            price = Decimal(-1)
        if name and quantity > 0:
            out.append(RowRead(name, quantity.normalize(), price))
    return out


def _decimal(value: Any, step: str) -> Decimal | None:
    """A number from the portal, or None for anything that is not a finite number."""
    try:
        number = Decimal(str(value))
        return number.quantize(Decimal(step)) if number.is_finite() else None
    except InvalidOperation:
        return None


def _text(value: Any) -> str:
    """A portal string as we store it: without control characters (NUL breaks PostgreSQL)."""
    return without_control(str(value or ""))


def _clean(normalize: Any, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return str(normalize(value))
    except NormalizeError:
        return None


def _when(value: Any) -> datetime | None:
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return moment.astimezone(UTC) if moment.tzinfo is not None else None


def _int(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "", "0", 0) else None
    except (TypeError, ValueError):
        return None
