"""`stobot b24 setup`: find or create what the mirror writes to, and remember the ids.

Every step first looks for what it would create (the pipeline by name, each stage by its
STATUS_ID, the smart process by title, each field by name), so running it twice creates
nothing twice. Events cannot be bound through an inbound webhook (contract §12): the command
prints what to tick in the portal's outgoing webhook instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from services.crm.bitrix24 import Bitrix24Client
from services.crm.mirror.context import Texts
from services.crm.mirror.mapping import CAR_FIELDS, PortalMapping
from services.orders.stages import PIPELINE, Stage

DEAL = 2
CAR_TITLE = "Автомобиль"
# Stages every new pipeline already has: ours take them over instead of adding twins.
_BUILT_IN = {Stage.NEW: "NEW", Stage.DONE: "WON", Stage.CANCELLED: "LOSE"}
_CAR_FIELD_TYPES = {"vin": "string", "plate": "string", "make": "string", "model": "string"}
_CAR_FIELD_TYPES["year"] = "integer"
_CAR_FIELD_LABELS = {
    "vin": "mirror-setup-field-vin",
    "plate": "mirror-setup-field-plate",
    "make": "mirror-setup-field-make",
    "model": "mirror-setup-field-model",
    "year": "mirror-setup-field-year",
}
OUTGOING_EVENTS = (
    "ONCRMDEALADD",
    "ONCRMDEALUPDATE",
    "ONTASKUPDATE",
    "ONCRMCONTACTUPDATE",
    "ONCRMDYNAMICITEMUPDATE",
)


@dataclass
class SetupReport:
    mapping: PortalMapping
    created: list[str] = field(default_factory=list)
    found: list[str] = field(default_factory=list)


async def set_up_portal(client: Bitrix24Client, texts: Texts) -> SetupReport:
    user = await client.call("user.current")
    report = SetupReport(mapping=PortalMapping(0, {}, 0, 0))
    mapping = report.mapping
    mapping.webhook_user_id = int(user.get("ID") or 1)
    mapping.category_id = await _pipeline(client, texts("mirror-setup-pipeline"), report)
    mapping.stages = await _stages(client, texts, mapping.category_id, report)
    type_id, etid = await _car_type(client, report)
    mapping.car_type_id, mapping.car_entity_type_id = type_id, etid
    mapping.car_fields = await _car_fields(client, texts, type_id, report)
    return report


async def _pipeline(client: Bitrix24Client, name: str, report: SetupReport) -> int:
    result = await client.call("crm.category.list", {"entityTypeId": DEAL})
    for category in result.get("categories") or []:
        if category.get("name") == name:
            report.found.append(f"pipeline «{name}»")
            return int(category["id"])
    added = await client.call(
        "crm.category.add", {"entityTypeId": DEAL, "fields": {"name": name, "sort": 200}}
    )
    report.created.append(f"pipeline «{name}»")
    return int(added["category"]["id"])


async def _stages(
    client: Bitrix24Client, texts: Texts, category_id: int, report: SetupReport
) -> dict[Stage, str]:
    entity = f"DEAL_STAGE_{category_id}" if category_id else "DEAL_STAGE"
    prefix = f"C{category_id}:" if category_id else ""
    rows = await client.call("crm.status.list", {"filter": {"ENTITY_ID": entity}})
    existing = {str(r["STATUS_ID"]): r for r in rows}
    stages: dict[Stage, str] = {}
    for n, stage in enumerate([*PIPELINE, Stage.CANCELLED], 1):
        status_id = prefix + _BUILT_IN.get(stage, stage.value)
        name = texts(f"stage-{stage.value}")
        row = existing.get(status_id)
        if row is None:
            fields: dict[str, Any] = {
                "ENTITY_ID": entity,
                "STATUS_ID": status_id,
                "NAME": name,
                "SORT": 10 * n,
            }
            await client.call("crm.status.add", {"fields": fields})
            report.created.append(f"stage {status_id}")
        else:
            if row.get("NAME") != name:
                await client.call("crm.status.update", {"id": row["ID"], "fields": {"NAME": name}})
            report.found.append(f"stage {status_id}")
        stages[stage] = status_id
    return stages


async def _car_type(client: Bitrix24Client, report: SetupReport) -> tuple[int, int]:
    result = await client.call("crm.type.list", {"filter": {"title": CAR_TITLE}})
    for spa in result.get("types") or []:
        if spa.get("title") == CAR_TITLE:
            report.found.append(f"smart process «{CAR_TITLE}»")
            return int(spa["id"]), int(spa["entityTypeId"])
    fields = {
        "title": CAR_TITLE,
        "isClientEnabled": "Y",
        "isUseInUserfieldEnabled": "Y",
        "linkedUserFields": {"TASKS_TASK|UF_CRM_TASK": "true"},
        # The car is the parent of its deals (PARENT_ID_{etid} on each deal), contract §9.
        "relations": {"child": [{"entityTypeId": DEAL, "isChildrenListEnabled": "true"}]},
    }
    added = (await client.call("crm.type.add", {"fields": fields}))["type"]
    report.created.append(f"smart process «{CAR_TITLE}»")
    return int(added["id"]), int(added["entityTypeId"])


async def _car_fields(
    client: Bitrix24Client, texts: Texts, type_id: int, report: SetupReport
) -> dict[str, str]:
    entity = f"CRM_{type_id}"  # the type id, not the entityTypeId (contract §9)
    listed = await client.call(
        "userfieldconfig.list", {"moduleId": "crm", "filter": {"entityId": entity}}
    )
    have = {str(f.get("fieldName")) for f in listed.get("fields") or []}
    names: dict[str, str] = {}
    for name in CAR_FIELDS:
        field_name = f"UF_CRM_{type_id}_{name.upper()}"
        names[name] = field_name
        if field_name in have:
            report.found.append(f"field {field_name}")
            continue
        label = texts(_CAR_FIELD_LABELS[name])
        await client.call(
            "userfieldconfig.add",
            {
                "moduleId": "crm",
                "field": {
                    "entityId": entity,
                    "fieldName": field_name,
                    "userTypeId": _CAR_FIELD_TYPES[name],
                    "editFormLabel": {"ru": label, "en": label},
                },
            },
        )
        report.created.append(f"field {field_name}")
    return names
