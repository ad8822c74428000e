"""Car ↔ an item of the smart process "Автомобиль" (VIN, plate, make, model, year, owner).

Items carry our id in `xmlId`; an unlinked car is looked up by it before it is created, so a
create whose answer was lost is found instead of made twice.
"""

from __future__ import annotations

from typing import Any

from services.crm.mirror.context import Cycle
from services.crm.mirror.snapshot import CarView
from services.crm.outbox.kinds import Entity


def xml_id(car_id: int) -> str:
    return f"stobot-car-{car_id}"


async def sync_car(cx: Cycle, car: CarView) -> int:
    etid = cx.mapping.car_entity_type_id
    item_id = cx.links.current(Entity.CAR, car.id)
    if item_id is None:
        # Looked up before the owner's contact is awaited, so both travel in the same batches.
        item_id = await _find(cx, car)
    fields = await _fields(cx, car)
    if item_id is None:
        result = await cx.pipe.call(
            "crm.item.add", {"entityTypeId": etid, "useOriginalUfNames": "Y", "fields": fields}
        )
        item_id = int(result["item"]["id"])
        cx.links.learn(Entity.CAR, car.id, item_id)
        return item_id
    cx.links.learn(Entity.CAR, car.id, item_id)
    await cx.pipe.call(
        "crm.item.update",
        {"entityTypeId": etid, "id": item_id, "useOriginalUfNames": "Y", "fields": fields},
    )
    return item_id


async def _fields(cx: Cycle, car: CarView) -> dict[str, Any]:
    fields: dict[str, Any] = {"title": car.title, "xmlId": xml_id(car.id)}
    values = {"vin": car.vin, "plate": car.plate, "make": car.make, "model": car.model}
    values["year"] = car.year
    for name, value in values.items():
        uf = cx.mapping.car_fields.get(name)
        if uf:
            fields[uf] = "" if value is None else value
    if car.owner_client_id is not None:
        fields["contactId"] = await cx.links.need(Entity.CLIENT, car.owner_client_id)
    return fields


async def _find(cx: Cycle, car: CarView) -> int | None:
    result = await cx.pipe.call(
        "crm.item.list",
        {
            "entityTypeId": cx.mapping.car_entity_type_id,
            "filter": {"xmlId": xml_id(car.id)},
            "select": ["id"],
        },
    )
    items = result.get("items") if isinstance(result, dict) else None
    return int(items[0]["id"]) if items else None
