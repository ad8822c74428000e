"""§5 / §13.5: batch."""

import aiohttp

from tests.fake_bitrix24.helpers import ok, rest
from tests.fake_bitrix24.portal import FakePortal


async def test_references_and_result_maps(
    fake_portal: FakePortal, http: aiohttp.ClientSession
) -> None:
    contact = fake_portal.state.contacts.create({"NAME": "Ivan"}, emit=False)
    cmd = {
        "deal": "crm.deal.add?fields[TITLE]=Oil%20change%20%26%20filter&fields[STAGE_ID]=NEW",
        "bind": f"crm.deal.contact.add?id=$result[deal]&fields[CONTACT_ID]={contact}",
        "get": "crm.deal.get?id=$result[deal]",
        "title": "crm.deal.list?filter[TITLE]=$result[get][TITLE]&select[]=ID",
        "rows": "crm.deal.productrows.get?id=$result[deal]",
    }
    result = await ok(http, fake_portal, "batch", {"halt": 1, "cmd": cmd})
    deal_id = result["result"]["deal"]
    assert isinstance(deal_id, int)
    assert result["result"]["bind"] is True
    assert result["result"]["get"]["TITLE"] == "Oil change & filter"
    assert result["result"]["get"]["CONTACT_ID"] == str(contact)
    assert result["result"]["title"] == [{"ID": str(deal_id)}]
    assert result["result"]["rows"] == []
    assert result["result_error"] == []
    assert result["result_total"] == {"title": 1}
    assert result["result_next"] == []
    assert set(result["result_time"]) == set(cmd)
    assert {"start", "finish", "duration", "processing", "date_start", "date_finish"} <= set(
        result["result_time"]["deal"]
    )


async def test_halt_stops_at_first_error(
    fake_portal: FakePortal, http: aiohttp.ClientSession
) -> None:
    cmd = {"a": "crm.deal.get?id=999", "b": "crm.deal.add?fields[TITLE]=x"}
    halted = await ok(http, fake_portal, "batch", {"halt": True, "cmd": cmd})
    assert halted["result_error"] == {"a": {"error": "", "error_description": "Not found"}}
    assert halted["result"] == [] and not fake_portal.state.deals.rows
    full = await ok(http, fake_portal, "batch", {"halt": 0, "cmd": cmd})
    assert full["result"] == {"b": 1} and "a" in full["result_error"]


async def test_list_cmd_and_url_encoded_batch(
    fake_portal: FakePortal, http: aiohttp.ClientSession
) -> None:
    res = await ok(
        http,
        fake_portal,
        "batch",
        data={"cmd[0]": "crm.deal.add?fields[TITLE]=A%26B", "cmd[1]": "scope"},
    )
    assert res["result"][0] == 1 and isinstance(res["result"], list)
    assert fake_portal.state.deals.rows[1]["TITLE"] == "A&B"
    # list rows referenced by index, pagination maps filled
    for i in range(55):
        fake_portal.state.deals.create({"TITLE": f"d{i}"}, emit=False)
    res = await ok(
        http,
        fake_portal,
        "batch",
        {
            "cmd": {
                "l": "crm.deal.list?order[ID]=DESC&select[]=ID",
                "g": "crm.deal.get?id=$result[l][0][ID]",
            }
        },
    )
    assert res["result"]["g"]["TITLE"] == "d54"
    assert res["result_total"]["l"] == 56 and res["result_next"]["l"] == 50


async def test_limits_and_forbidden_methods(
    fake_portal: FakePortal, http: aiohttp.ClientSession
) -> None:
    status, body = await rest(
        http, fake_portal, "batch", {"cmd": {f"c{i}": "scope" for i in range(51)}}
    )
    assert (status, body["error"]) == (400, "ERROR_BATCH_LENGTH_EXCEEDED")
    res = await ok(http, fake_portal, "batch", {"cmd": {"n": "batch?cmd[x]=scope"}})
    assert res["result_error"]["n"]["error"] == "ERROR_BATCH_METHOD_NOT_ALLOWED"
