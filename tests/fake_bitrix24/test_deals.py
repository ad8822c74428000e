"""§7: deals, pipelines, stages, product rows, contact bindings, UF, old-crm errors."""

import aiohttp

from tests.fake_bitrix24.helpers import ok, rest
from tests.fake_bitrix24.portal import FakePortal


async def _pipeline(http: aiohttp.ClientSession, portal: FakePortal) -> int:
    cat = await ok(
        http,
        portal,
        "crm.category.add",
        {"entityTypeId": 2, "fields": {"name": "Ремонт", "sort": 100}},
    )
    return int(cat["category"]["id"])


async def test_categories_and_prefixed_stages(
    fake_portal: FakePortal, http: aiohttp.ClientSession
) -> None:
    cid = await _pipeline(http, fake_portal)
    _, body = await rest(http, fake_portal, "crm.category.list", {"entityTypeId": 2})
    cats = body["result"]["categories"]
    assert body["total"] == 2 and {c["isDefault"] for c in cats} == {"Y", "N"}
    new_id = await ok(
        http,
        fake_portal,
        "crm.status.add",
        {
            "fields": {
                "ENTITY_ID": f"DEAL_STAGE_{cid}",
                "STATUS_ID": "DIAG",
                "NAME": "Диагностика",
                "SORT": 15,
            }
        },
    )
    assert isinstance(new_id, int)
    stages = await ok(
        http,
        fake_portal,
        "crm.status.list",
        {"filter": {"ENTITY_ID": f"DEAL_STAGE_{cid}"}, "order": {"SORT": "ASC"}},
    )
    ids = [s["STATUS_ID"] for s in stages]
    assert ids[:2] == [f"C{cid}:NEW", f"C{cid}:DIAG"] and f"C{cid}:WON" in ids
    won = next(s for s in stages if s["STATUS_ID"] == f"C{cid}:WON")
    assert won["SEMANTICS"] == "S" and won["EXTRA"]["SEMANTICS"] == "success"
    assert isinstance(won["SORT"], str)
    base = await ok(http, fake_portal, "crm.status.list", {"filter": {"ENTITY_ID": "DEAL_STAGE"}})
    assert base[0]["STATUS_ID"] == "NEW"
    status, body = await rest(http, fake_portal, "crm.category.get", {"entityTypeId": 2, "id": 999})
    assert (status, body["error"]) == (400, "NOT_FOUND")
    status, body = await rest(http, fake_portal, "crm.category.list", {"entityTypeId": 7777})
    assert body["error"] == "ENTITY_TYPE_NOT_SUPPORTED"


async def test_deal_lifecycle_and_immutable_category(
    fake_portal: FakePortal, http: aiohttp.ClientSession
) -> None:
    cid = await _pipeline(http, fake_portal)
    deal_id = await ok(
        http,
        fake_portal,
        "crm.deal.add",
        {
            "fields": {
                "TITLE": "ТО",
                "CATEGORY_ID": cid,
                "ORIGIN_ID": "order-1",
                "UNKNOWN": 1,
                "UF_CRM_NOT_DEFINED": "x",
            },
            "params": {"REGISTER_SONET_EVENT": "N"},
        },
    )
    deal = await ok(http, fake_portal, "crm.deal.get", {"id": deal_id})
    assert deal["STAGE_ID"] == f"C{cid}:NEW" and deal["CATEGORY_ID"] == str(cid)
    assert "UNKNOWN" not in deal and "UF_CRM_NOT_DEFINED" not in deal
    assert (
        await ok(
            http,
            fake_portal,
            "crm.deal.update",
            {"id": deal_id, "fields": {"CATEGORY_ID": 0, "STAGE_ID": f"C{cid}:WON"}},
        )
        is True
    )
    deal = await ok(http, fake_portal, "crm.deal.get", {"ID": deal_id})
    assert deal["CATEGORY_ID"] == str(cid)  # immutable in crm.deal.update
    assert (deal["STAGE_ID"], deal["STAGE_SEMANTIC_ID"], deal["CLOSED"]) == (
        f"C{cid}:WON",
        "S",
        "Y",
    )
    # the pipeline moves through crm.item.update only
    moved = await ok(
        http,
        fake_portal,
        "crm.item.update",
        {"entityTypeId": 2, "id": deal_id, "fields": {"categoryId": 0}},
    )
    assert moved["item"]["categoryId"] == 0 and moved["item"]["stageId"] == "NEW"
    assert isinstance(moved["item"]["id"], int)
    assert await ok(http, fake_portal, "crm.deal.delete", {"id": deal_id}) is True


async def test_old_crm_error_traps(fake_portal: FakePortal, http: aiohttp.ClientSession) -> None:
    assert await rest(http, fake_portal, "crm.deal.get", {"id": 42}) == (
        400,
        {"error": "", "error_description": "Not found"},
    )
    status, body = await rest(http, fake_portal, "crm.deal.get", {"id": "abc"})
    assert (status, body["error_description"]) == (400, "ID is not defined or invalid.")
    status, body = await rest(http, fake_portal, "crm.deal.add", {"fields": "nope"})
    assert body == {"error": "", "error_description": "Parameter 'fields' must be array."}


async def test_product_rows_replace(fake_portal: FakePortal, http: aiohttp.ClientSession) -> None:
    deal_id = fake_portal.state.deals.create({"TITLE": "x"}, emit=False)
    rows = [
        {"PRODUCT_NAME": "Фильтр", "PRICE": 500, "QUANTITY": 2},
        {"PRODUCT_NAME": "Масло", "PRICE": 3000, "QUANTITY": 1},
    ]
    assert await ok(http, fake_portal, "crm.deal.productrows.set", {"id": deal_id, "rows": rows})
    got = await ok(http, fake_portal, "crm.deal.productrows.get", {"id": deal_id})
    assert [r["PRODUCT_NAME"] for r in got] == ["Фильтр", "Масло"]
    assert got[0]["OWNER_TYPE"] == "D" and got[0]["OWNER_ID"] == str(deal_id)
    deal = await ok(http, fake_portal, "crm.deal.get", {"id": deal_id})
    assert deal["OPPORTUNITY"] == "4000.00"
    await ok(
        http,
        fake_portal,
        "crm.deal.productrows.set",
        {"id": deal_id, "rows": [{"PRODUCT_NAME": "Масло", "PRICE": 3100}]},
    )
    got = await ok(http, fake_portal, "crm.deal.productrows.get", {"id": deal_id})
    assert [r["PRODUCT_NAME"] for r in got] == ["Масло"]  # rows not sent are deleted
    assert await ok(http, fake_portal, "crm.deal.productrows.set", {"id": deal_id, "rows": []})
    assert await ok(http, fake_portal, "crm.deal.productrows.get", {"id": deal_id}) == []


async def test_contact_bindings(fake_portal: FakePortal, http: aiohttp.ClientSession) -> None:
    deal_id = await ok(
        http, fake_portal, "crm.deal.add", {"fields": {"TITLE": "x", "CONTACT_IDS": [5, 6]}}
    )
    items = await ok(http, fake_portal, "crm.deal.contact.items.get", {"id": deal_id})
    assert [(i["CONTACT_ID"], i["IS_PRIMARY"]) for i in items] == [(5, "Y"), (6, "N")]
    assert (
        await ok(
            http, fake_portal, "crm.deal.contact.add", {"id": deal_id, "fields": {"CONTACT_ID": 5}}
        )
        is False
    )
    assert (
        await ok(
            http,
            fake_portal,
            "crm.deal.contact.add",
            {"id": deal_id, "fields": {"CONTACT_ID": 7, "IS_PRIMARY": "Y"}},
        )
        is True
    )
    await ok(http, fake_portal, "crm.deal.update", {"id": deal_id, "fields": {"CONTACT_IDS": [9]}})
    items = await ok(http, fake_portal, "crm.deal.contact.items.get", {"id": deal_id})
    assert [i["CONTACT_ID"] for i in items] == [9]


async def test_deal_userfield_and_file_uf(
    fake_portal: FakePortal, http: aiohttp.ClientSession
) -> None:
    uf_id = await ok(
        http,
        fake_portal,
        "crm.deal.userfield.add",
        {"fields": {"USER_TYPE_ID": "file", "FIELD_NAME": "PHOTOS", "MULTIPLE": "Y"}},
    )
    assert isinstance(uf_id, int)
    status, body = await rest(
        http,
        fake_portal,
        "crm.deal.userfield.add",
        {"fields": {"USER_TYPE_ID": "string", "FIELD_NAME": "bad name!"}},
    )
    assert (status, body["error"]) == (400, "ERROR_CORE")
    listed = await ok(http, fake_portal, "crm.deal.userfield.list", {})
    assert listed[0]["FIELD_NAME"] == "UF_CRM_PHOTOS"
    deal_id = await ok(
        http,
        fake_portal,
        "crm.deal.add",
        {"fields": {"TITLE": "x", "UF_CRM_PHOTOS": [{"fileData": ["a.jpg", "aGVsbG8="]}]}},
    )
    deal = await ok(http, fake_portal, "crm.deal.get", {"id": deal_id})
    assert deal["UF_CRM_PHOTOS"][0]["id"] in fake_portal.state.files
    assert fake_portal.state.files[deal["UF_CRM_PHOTOS"][0]["id"]].content == b"hello"
