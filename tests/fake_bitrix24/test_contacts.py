"""§8: multifield append/edit/delete rules and findbycomm."""

from typing import Any

import aiohttp

from tests.fake_bitrix24.helpers import ok, rest
from tests.fake_bitrix24.portal import FakePortal


async def _set_phones(
    http: aiohttp.ClientSession, portal: FakePortal, cid: Any, phones: list[dict[str, Any]]
) -> None:
    await ok(http, portal, "crm.contact.update", {"id": cid, "fields": {"PHONE": phones}})


async def test_multifield_rules(fake_portal: FakePortal, http: aiohttp.ClientSession) -> None:
    cid = await ok(
        http,
        fake_portal,
        "crm.contact.add",
        {
            "fields": {
                "NAME": "Ivan",
                "PHONE": [
                    {"VALUE": "+79161234567", "VALUE_TYPE": "MOBILE"},
                    {"VALUE": "+74950000000", "VALUE_TYPE": "WORK"},
                ],
                "IM": [{"VALUE": "tg:1", "VALUE_TYPE": "TELEGRAM"}],
            }
        },
    )
    contact = await ok(http, fake_portal, "crm.contact.get", {"id": cid})
    phones = contact["PHONE"]
    assert [p["VALUE"] for p in phones] == ["+79161234567", "+74950000000"]
    assert isinstance(phones[0]["ID"], str) and phones[0]["TYPE_ID"] == "PHONE"
    first, second = phones[0]["ID"], phones[1]["ID"]
    # append (no ID) + edit (ID+VALUE) + delete (DELETE:Y); EMAIL untouched
    await _set_phones(
        http,
        fake_portal,
        cid,
        [
            {"VALUE": "+79990000000", "VALUE_TYPE": "HOME"},
            {"ID": first, "VALUE": "+79161111111"},
            {"ID": second, "DELETE": "Y"},
        ],
    )
    phones = (await ok(http, fake_portal, "crm.contact.get", {"id": cid}))["PHONE"]
    assert [p["VALUE"] for p in phones] == ["+79161111111", "+79990000000"]
    # bare {ID} and {ID, VALUE:""} delete too
    await _set_phones(
        http, fake_portal, cid, [{"ID": phones[0]["ID"]}, {"ID": phones[1]["ID"], "VALUE": ""}]
    )
    contact = await ok(http, fake_portal, "crm.contact.get", {"id": cid})
    assert "PHONE" not in contact and contact["IM"][0]["VALUE"] == "tg:1"


async def test_list_phone_filter_needs_explicit_select(
    fake_portal: FakePortal, http: aiohttp.ClientSession
) -> None:
    fake_portal.state.contacts.create(
        {"NAME": "A", "PHONE": [{"VALUE": "+79161234567"}]}, emit=False
    )
    rows = await ok(http, fake_portal, "crm.contact.list", {"filter": {"PHONE": "+79161234567"}})
    assert len(rows) == 1 and "PHONE" not in rows[0]
    rows = await ok(
        http,
        fake_portal,
        "crm.contact.list",
        {"filter": {"PHONE": "+79161234567"}, "select": ["ID", "PHONE"]},
    )
    assert rows[0]["PHONE"][0]["VALUE"] == "+79161234567"
    assert (
        await ok(http, fake_portal, "crm.contact.list", {"filter": {"PHONE": "79161234567"}}) == []
    )
    status, _body = await rest(
        http, fake_portal, "crm.contact.list", {"filter": {"logic": "OR", "0": {"NAME": "A"}}}
    )
    assert status == 400


async def test_findbycomm(fake_portal: FakePortal, http: aiohttp.ClientSession) -> None:
    c1 = fake_portal.state.contacts.create({"PHONE": [{"VALUE": "+7 (916) 123-45-67"}]}, emit=False)
    res = await ok(
        http,
        fake_portal,
        "crm.duplicate.findbycomm",
        {"type": "PHONE", "values": ["+79161234567"], "entity_type": "CONTACT"},
    )
    assert res == {"CONTACT": [c1]}
    res = await ok(
        http, fake_portal, "crm.duplicate.findbycomm", {"type": "PHONE", "values": ["+70000000000"]}
    )
    assert res == []
    status, body = await rest(http, fake_portal, "crm.duplicate.findbycomm", {"values": ["1"]})
    assert (status, body["error_description"]) == (400, "Communication type is not defined")
