"""§13.1-3: routes, auth, bodies, envelope."""

import aiohttp

from tests.fake_bitrix24.helpers import ok, rest
from tests.fake_bitrix24.portal import FakePortal


async def test_route_variants(fake_portal: FakePortal, http: aiohttp.ClientSession) -> None:
    for name in ("user.current", "user.current.json", "USER.Current/", "user.current.json/"):
        assert (await ok(http, fake_portal, name))["ID"] == "1"


async def test_bad_secret_is_configurable(
    fake_portal: FakePortal, http: aiohttp.ClientSession
) -> None:
    url = fake_portal.webhook_url.replace("secretcode", "wrong") + "user.current"
    async with http.post(url) as resp:
        assert resp.status == 401
        assert await resp.json() == {
            "error": "INVALID_CREDENTIALS",
            "error_description": "Invalid request credentials",
        }
    fake_portal.auth_error_status, fake_portal.auth_error_code = 401, "NO_AUTH_FOUND"
    async with http.get(url) as resp:
        assert resp.status == 401
        assert (await resp.json())["error"] == "NO_AUTH_FOUND"


async def test_unknown_method_and_scope(
    fake_portal: FakePortal, http: aiohttp.ClientSession
) -> None:
    status, body = await rest(http, fake_portal, "crm.nothing.here")
    assert (status, body["error"]) == (404, "ERROR_METHOD_NOT_FOUND")
    fake_portal.state.scopes = ["crm"]
    status, body = await rest(http, fake_portal, "tasks.task.list")
    assert (status, body["error"]) == (401, "insufficient_scope")
    assert await ok(http, fake_portal, "scope") == ["crm"]
    assert "crm.deal.add" in await ok(http, fake_portal, "methods")


async def test_bodies_json_form_multipart_query(
    fake_portal: FakePortal, http: aiohttp.ClientSession
) -> None:
    json_id = await ok(http, fake_portal, "crm.deal.add", {"fields": {"TITLE": "json"}})
    form_id = await ok(
        http,
        fake_portal,
        "crm.deal.add",
        data={"fields[TITLE]": "form & co", "fields[OPPORTUNITY]": "10"},
    )
    mp = aiohttp.FormData()
    mp.add_field("fields[TITLE]", "multipart")
    mp.add_field("file", b"hello", filename="a.txt")
    mp_id = await ok(http, fake_portal, "crm.deal.add", data=mp)
    async with http.get(fake_portal.url("crm.deal.get") + f"?id={form_id}") as resp:
        got = (await resp.json())["result"]
    assert got["TITLE"] == "form & co" and got["OPPORTUNITY"] == "10.00"
    titles = {d["TITLE"] for d in fake_portal.state.deals.render_all()}
    assert {"json", "form & co", "multipart"} <= titles
    assert len({json_id, form_id, mp_id}) == 3


async def test_envelope_time_block_and_typing(
    fake_portal: FakePortal, http: aiohttp.ClientSession
) -> None:
    status, body = await rest(http, fake_portal, "crm.deal.add", {"fields": {"TITLE": "t"}})
    assert status == 200 and isinstance(body["result"], int)
    t = body["time"]
    assert set(t) == {
        "start",
        "finish",
        "duration",
        "processing",
        "date_start",
        "date_finish",
        "operating",
        "operating_reset_at",
    }
    assert abs(t["duration"] - (t["finish"] - t["start"])) < 1e-6
    assert isinstance(t["operating_reset_at"], int) and t["date_start"].endswith("+03:00")
    deal = await ok(http, fake_portal, "crm.deal.get", {"id": body["result"]})
    assert deal["ID"] == str(body["result"]) and deal["CATEGORY_ID"] == "0"
    status, listed = await rest(http, fake_portal, "crm.deal.list", {"select": ["ID"]})
    assert listed["total"] == 1 and "next" not in listed


async def test_empty_map_is_php_list(fake_portal: FakePortal, http: aiohttp.ClientSession) -> None:
    await ok(http, fake_portal, "crm.type.add", {"fields": {"title": "Car"}})
    etid = next(iter(fake_portal.state.items.types.values()))["entityTypeId"]
    item = await ok(http, fake_portal, "crm.item.add", {"entityTypeId": etid, "fields": {}})
    assert (
        await ok(
            http, fake_portal, "crm.item.delete", {"entityTypeId": etid, "id": item["item"]["id"]}
        )
        == []
    )
