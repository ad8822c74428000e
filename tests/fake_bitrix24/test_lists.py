"""§6 / §13.6: pagination, start=-1, filter prefixes, order, select."""

import aiohttp

from tests.fake_bitrix24.helpers import ok, rest
from tests.fake_bitrix24.portal import FakePortal


async def _seed(portal: FakePortal, n: int) -> None:
    for i in range(1, n + 1):
        portal.state.deals.create(
            {"TITLE": f"Order {i}", "ORIGIN_ID": f"o-{i}", "OPPORTUNITY": i * 10}, emit=False
        )


async def test_pages_next_total(fake_portal: FakePortal, http: aiohttp.ClientSession) -> None:
    await _seed(fake_portal, 120)
    _, first = await rest(http, fake_portal, "crm.deal.list", {"select": ["ID"]})
    assert (len(first["result"]), first["total"], first["next"]) == (50, 120, 50)
    _, last = await rest(http, fake_portal, "crm.deal.list", {"start": 100})
    assert len(last["result"]) == 20 and "next" not in last and last["total"] == 120


async def test_fast_mode(fake_portal: FakePortal, http: aiohttp.ClientSession) -> None:
    await _seed(fake_portal, 120)
    last_id, seen = 0, 0
    while True:
        _, body = await rest(
            http,
            fake_portal,
            "crm.deal.list",
            {"start": -1, "order": {"ID": "ASC"}, "filter": {">ID": last_id}, "select": ["ID"]},
        )
        assert body["total"] == 0 and "next" not in body
        seen += len(body["result"])
        if len(body["result"]) < 50:
            break
        last_id = int(body["result"][-1]["ID"])
    assert seen == 120


async def test_filter_prefixes(fake_portal: FakePortal, http: aiohttp.ClientSession) -> None:
    await _seed(fake_portal, 10)

    async def ids(flt: dict) -> list[int]:
        rows = await ok(http, fake_portal, "crm.deal.list", {"filter": flt, "select": ["ID"]})
        return [int(r["ID"]) for r in rows]

    assert await ids({"ORIGIN_ID": "o-3"}) == [3]
    assert await ids({"=ORIGIN_ID": "o-3"}) == [3]
    assert await ids({"!ID": 1, "<ID": 4}) == [2, 3]
    assert await ids({">=ID": 9}) == [9, 10]
    assert await ids({"<=OPPORTUNITY": 20}) == [1, 2]
    assert await ids({"@ID": [2, 5]}) == [2, 5]
    assert await ids({"!@ID": [2, 5], "<ID": 5}) == [1, 3, 4]
    assert await ids({"%TITLE": "der 1"}) == [1, 10]
    assert await ids({"CATEGORY_ID": 0, "STAGE_ID": "NEW", ">ID": 9}) == [10]
    modified = fake_portal.state.deals.rows[1]["DATE_MODIFY"].isoformat()
    assert len(await ids({">=DATE_MODIFY": modified})) == 10
    assert await ids({">DATE_MODIFY": "2999-01-01T00:00:00+03:00"}) == []


async def test_order_and_select(fake_portal: FakePortal, http: aiohttp.ClientSession) -> None:
    await _seed(fake_portal, 3)
    fake_portal.state.userfields.define("CRM_DEAL", "UF_CRM_MILEAGE", "integer")
    fake_portal.state.deals.modify(2, {"UF_CRM_MILEAGE": 15230}, emit=False)
    rows = await ok(
        http,
        fake_portal,
        "crm.deal.list",
        {"order": {"OPPORTUNITY": "DESC"}, "select": ["TITLE", "UF_CRM_MILEAGE"]},
    )
    assert rows[0] == {"ID": "3", "TITLE": "Order 3", "UF_CRM_MILEAGE": None}
    assert rows[1]["UF_CRM_MILEAGE"] == "15230"
    everything = await ok(http, fake_portal, "crm.deal.list", {})
    assert "UF_CRM_MILEAGE" in everything[0] and "TITLE" in everything[0]
    status, body = await rest(http, fake_portal, "crm.deal.list", {"order": {"ID": "UP"}})
    assert (status, body["error"]) == (400, "INVALID_ARG_VALUE")
