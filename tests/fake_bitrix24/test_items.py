"""§9: crm.type, userfieldconfig, crm.item typing, UF naming, NOT_FOUND, parent links."""

from typing import Any

import aiohttp

from tests.fake_bitrix24.helpers import ok, rest
from tests.fake_bitrix24.naming import uf_to_camel
from tests.fake_bitrix24.portal import FakePortal


def test_uf_camel_rules() -> None:
    assert uf_to_camel("UF_CRM_16_1747309727") == "ufCrm16_1747309727"
    assert uf_to_camel("UF_CRM_16_VIN") == "ufCrm16Vin"
    assert uf_to_camel("UF_CRM_16_CAR_YEAR") == "ufCrm16CarYear"
    assert uf_to_camel("UF_CRM_16_PLATE2") == "ufCrm_16_PLATE2"
    assert uf_to_camel("UF_CRM_1721244707107") == "ufCrm_1721244707107"


async def _car_type(http: aiohttp.ClientSession, portal: FakePortal) -> tuple[int, int]:
    res = await ok(
        http,
        portal,
        "crm.type.add",
        {
            "fields": {
                "title": "Автомобиль",
                "entityTypeId": 1038,
                "isClientEnabled": "Y",
                "isStagesEnabled": "N",
                "relations": {"child": [{"entityTypeId": 2, "isChildrenListEnabled": "true"}]},
            }
        },
    )
    spa = res["type"]
    for name, kind, mandatory in (
        ("UF_CRM_{}_VIN", "string", "Y"),
        ("UF_CRM_{}_YEAR", "integer", "N"),
        ("UF_CRM_{}_PLATE2", "string", "N"),
    ):
        field = (
            await ok(
                http,
                portal,
                "userfieldconfig.add",
                {
                    "moduleId": "crm",
                    "field": {
                        "entityId": f"CRM_{spa['id']}",
                        "fieldName": name.format(spa["id"]),
                        "userTypeId": kind,
                        "mandatory": mandatory,
                        "editFormLabel": {"ru": "VIN", "en": "VIN"},
                    },
                },
            )
        )["field"]
        assert field["fieldName"] == name.format(spa["id"])
    return spa["id"], spa["entityTypeId"]


async def _add_kia(
    http: aiohttp.ClientSession, portal: FakePortal, type_id: int, etid: int
) -> dict[str, Any]:
    """A car item with the original field names, as the mirror adds one."""
    fields = {
        "title": "Kia Rio",
        "contactId": 57,
        f"UF_CRM_{type_id}_VIN": "XWEH5812BC0001234",
        f"UF_CRM_{type_id}_YEAR": "2019",
        "xmlId": "car-1",
    }
    added = await ok(
        http,
        portal,
        "crm.item.add",
        {"entityTypeId": etid, "useOriginalUfNames": "Y", "fields": fields},
    )
    return added["item"]


async def test_type_and_items(fake_portal: FakePortal, http: aiohttp.ClientSession) -> None:
    type_id, etid = await _car_type(http, fake_portal)
    assert etid == 1038 and type_id != etid
    _, listed = await rest(http, fake_portal, "crm.type.list", {"filter": {"title": "Автомобиль"}})
    assert listed["total"] == 1 and listed["result"]["types"][0]["entityTypeId"] == 1038
    # etid instead of the type id in entityId fails (§9)
    status, body = await rest(
        http,
        fake_portal,
        "userfieldconfig.add",
        {
            "moduleId": "crm",
            "field": {"entityId": "CRM_1038", "fieldName": "UF_CRM_1038_X", "userTypeId": "string"},
        },
    )
    assert status == 400
    item = await _add_kia(http, fake_portal, type_id, etid)
    assert item["id"] == 1 and item["contactId"] == 57 and item["contactIds"] == [57]
    assert item[f"UF_CRM_{type_id}_YEAR"] == 2019 and item["stageId"] is None
    got = (await ok(http, fake_portal, "crm.item.get", {"entityTypeId": etid, "id": 1}))["item"]
    assert got[f"ufCrm{type_id}Vin"] == "XWEH5812BC0001234"
    assert f"ufCrm_{type_id}_PLATE2" in got
    upd = await ok(
        http,
        fake_portal,
        "crm.item.update",
        {"entityTypeId": etid, "id": 1, "fields": {f"ufCrm{type_id}Year": 2020}},
    )
    assert upd["item"][f"ufCrm{type_id}Year"] == 2020
    _, page = await rest(
        http,
        fake_portal,
        "crm.item.list",
        {"entityTypeId": etid, "filter": {"=xmlId": "car-1"}, "select": ["id", "title"]},
    )
    assert page["result"]["items"] == [{"id": 1, "title": "Kia Rio"}] and page["total"] == 1
    status, body = await rest(
        http, fake_portal, "crm.item.list", {"entityTypeId": etid, "filter": {"nope": 1}}
    )
    assert (status, body["error"]) == (400, "INVALID_ARG_VALUE")


async def test_item_errors(fake_portal: FakePortal, http: aiohttp.ClientSession) -> None:
    _type_id, etid = await _car_type(http, fake_portal)
    status, body = await rest(http, fake_portal, "crm.item.get", {"entityTypeId": etid, "id": 9})
    assert (status, body["error"]) == (400, "NOT_FOUND")
    status, body = await rest(
        http, fake_portal, "crm.item.add", {"entityTypeId": etid, "fields": {"title": "no vin"}}
    )
    assert (status, body["error"]) == (400, "CRM_FIELD_ERROR_REQUIRED")


async def test_deal_parent_link(fake_portal: FakePortal, http: aiohttp.ClientSession) -> None:
    type_id, etid = await _car_type(http, fake_portal)
    car = fake_portal.state.items.create(etid, {f"UF_CRM_{type_id}_VIN": "X"}, emit=False)
    deal_id = await ok(
        http,
        fake_portal,
        "crm.deal.add",
        {"fields": {"TITLE": "r", f"PARENT_ID_{etid}": car["id"]}},
    )
    deal = await ok(http, fake_portal, "crm.deal.get", {"id": deal_id})
    assert deal[f"PARENT_ID_{etid}"] == str(car["id"])
    item = await ok(http, fake_portal, "crm.item.get", {"entityTypeId": 2, "id": deal_id})
    assert item["item"][f"parentId{etid}"] == car["id"]
    _, page = await rest(
        http,
        fake_portal,
        "crm.deal.list",
        {"filter": {f"PARENT_ID_{etid}": car["id"]}, "select": ["ID"]},
    )
    assert page["total"] == 1
