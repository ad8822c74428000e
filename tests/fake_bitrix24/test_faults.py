"""Fault switches: 503 page, refused, 500 before/after execute, hang, drop, garbage, 302."""

import asyncio

import aiohttp
import pytest

from tests.fake_bitrix24.fixtures import running_portal
from tests.fake_bitrix24.helpers import ok, rest
from tests.fake_bitrix24.portal import FakePortal


async def test_down_503_page_and_refused(
    fake_portal: FakePortal, http: aiohttp.ClientSession
) -> None:
    fake_portal.faults.down()
    async with http.post(fake_portal.url("scope")) as resp:
        assert resp.status == 503 and resp.content_type == "text/html"
    fake_portal.faults.clear()
    await fake_portal.go_down()
    with pytest.raises(aiohttp.ClientError):  # pooled keep-alive connection: reset
        await rest(http, fake_portal, "scope")
    with pytest.raises(aiohttp.ClientConnectorError):  # then: connection refused
        await rest(http, fake_portal, "scope")
    await fake_portal.come_up()
    assert await ok(http, fake_portal, "scope")


async def test_500_after_execute_creates_the_entity(
    fake_portal: FakePortal, http: aiohttp.ClientSession
) -> None:
    fake_portal.faults.error_500(count=1, after_execute=True, methods=["crm.deal.add"])
    status, body = await rest(http, fake_portal, "crm.deal.add", {"fields": {"ORIGIN_ID": "o1"}})
    assert (status, body["error"]) == (500, "INTERNAL_SERVER_ERROR")
    assert len(fake_portal.state.deals.rows) == 1  # a blind retry would duplicate it
    fake_portal.faults.error_500(count=1)  # before execute: nothing stored
    assert (await rest(http, fake_portal, "crm.deal.add", {"fields": {}}))[0] == 500
    assert len(fake_portal.state.deals.rows) == 1
    assert await ok(http, fake_portal, "crm.deal.add", {"fields": {}}) == 2


async def test_fractional_500s(http: aiohttp.ClientSession) -> None:
    async with running_portal() as portal:
        portal.faults.error_500(count=None, rate=0.5)
        codes = [(await rest(http, portal, "scope"))[0] for _ in range(40)]
        assert 5 < codes.count(500) < 35 and portal.counters.faults_injected == codes.count(500)


async def test_hang_and_drop(fake_portal: FakePortal, http: aiohttp.ClientSession) -> None:
    fake_portal.faults.hang(seconds=30)
    with pytest.raises(asyncio.TimeoutError):
        await rest(http, fake_portal, "scope", timeout=aiohttp.ClientTimeout(total=0.2))
    fake_portal.faults.clear()
    fake_portal.faults.drop(count=1, after_execute=True, methods=["crm.deal.add"])
    with pytest.raises(aiohttp.ClientError):
        await rest(http, fake_portal, "crm.deal.add", {"fields": {}})
    assert len(fake_portal.state.deals.rows) == 1
    assert await ok(http, fake_portal, "scope")


async def test_garbage(fake_portal: FakePortal, http: aiohttp.ClientSession) -> None:
    fake_portal.faults.garbage("html")
    async with http.post(fake_portal.url("scope")) as resp:
        assert resp.status == 502 and "<html>" in await resp.text()
    fake_portal.faults.garbage("truncated", after_execute=True)
    async with http.post(fake_portal.url("crm.deal.add"), json={"fields": {}}) as resp:
        assert resp.status == 200
        with pytest.raises(ValueError):
            await resp.json()
    assert len(fake_portal.state.deals.rows) == 1


async def test_old_domain_redirect(http: aiohttp.ClientSession) -> None:
    async with running_portal(old_domain=True) as portal:
        url = portal.old_webhook_url + "crm.deal.add"
        async with http.post(url, json={"fields": {}}, allow_redirects=False) as resp:
            assert resp.status == 302
            assert resp.headers["Location"] == portal.webhook_url + "crm.deal.add"
        assert not portal.state.deals.rows


async def test_gate_holds_one_command_inside_a_batch_until_opened(
    fake_portal: FakePortal, http: aiohttp.ClientSession
) -> None:
    deal = await ok(http, fake_portal, "crm.deal.add", {"fields": {"TITLE": "a"}})
    gate = fake_portal.faults.gate("crm.deal.update")
    cmd = {"up": f"crm.deal.update?id={deal}&fields[TITLE]=held"}
    held = asyncio.create_task(ok(http, fake_portal, "batch", {"halt": 1, "cmd": cmd}))
    await gate.reached.wait()
    # Meanwhile the portal answers others, and a second update is not held.
    await ok(http, fake_portal, "crm.deal.update", {"id": deal, "fields": {"TITLE": "other"}})
    assert fake_portal.state.deals.rows[deal]["TITLE"] == "other"
    assert not held.done()
    gate.open()
    assert (await held)["result"]["up"] is True
    assert fake_portal.state.deals.rows[deal]["TITLE"] == "held"

    stored = fake_portal.faults.gate("crm.deal.update", after_execute=True)
    answer = asyncio.create_task(
        ok(http, fake_portal, "crm.deal.update", {"id": deal, "fields": {"TITLE": "stored"}})
    )
    await stored.reached.wait()
    assert fake_portal.state.deals.rows[deal]["TITLE"] == "stored"  # stored, answer held
    fake_portal.faults.clear()
    assert await answer is True
