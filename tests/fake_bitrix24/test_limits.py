"""§4 / §13.4: leaky bucket 503, operating budget 429, counters, scaled clock."""

import asyncio

import aiohttp

from tests.fake_bitrix24.clock import ManualClock, ScaledClock
from tests.fake_bitrix24.fixtures import running_portal
from tests.fake_bitrix24.helpers import rest


async def test_bucket_503_after_burst_then_drains(http: aiohttp.ClientSession) -> None:
    clock = ManualClock()
    async with running_portal(clock=clock) as portal:
        statuses = [(await rest(http, portal, "user.current"))[0] for _ in range(51)]
        assert statuses[:50] == [200] * 50
        status, body = await rest(http, portal, "user.current")
        assert (status, body) == (
            503,
            {"error": "QUERY_LIMIT_EXCEEDED", "error_description": "Too many requests"},
        )
        clock.advance(1.0)  # drains 2 requests
        assert [(await rest(http, portal, "user.current"))[0] for _ in range(3)] == [200, 200, 503]
        assert portal.counters.requests == 55
        assert portal.counters.rejected_503 == 3
        assert portal.counters.commands == 52


async def test_enterprise_plan_and_reconfigure(http: aiohttp.ClientSession) -> None:
    async with running_portal(clock=ManualClock(), plan="enterprise") as portal:
        assert (portal.bucket.burst, portal.bucket.drain) == (250, 5.0)
        portal.bucket.configure(burst=3, drain=1)
        codes = [(await rest(http, portal, "scope"))[0] for _ in range(4)]
        assert codes == [200, 200, 200, 503]


async def test_batch_is_one_request_but_counts_commands(http: aiohttp.ClientSession) -> None:
    async with running_portal(clock=ManualClock()) as portal:
        cmd = {f"c{i}": "user.current" for i in range(50)}
        status, body = await rest(http, portal, "batch", {"cmd": cmd})
        assert status == 200 and len(body["result"]["result"]) == 50
        assert portal.bucket.current() == 1
        assert (portal.counters.requests, portal.counters.commands, portal.counters.batches) == (
            1,
            50,
            1,
        )


async def test_operating_budget_429(http: aiohttp.ClientSession) -> None:
    clock = ManualClock()
    async with running_portal(clock=clock) as portal:
        portal.budget.costs["crm.deal.list"] = 200.0
        for _ in range(3):  # 0 -> 200 -> 400 -> 600: the crossing call still completes
            status, body = await rest(http, portal, "crm.deal.list")
            assert status == 200
        assert body["time"]["operating"] == 600.0
        reset_at = body["time"]["operating_reset_at"]
        assert reset_at == int(clock.now) + 600
        status, body = await rest(http, portal, "crm.deal.list")
        assert (status, body["error"]) == (429, "OPERATION_TIME_LIMIT")
        assert (await rest(http, portal, "crm.deal.get", {"id": 1}))[1]["error"] == ""  # others ok
        status, body = await rest(http, portal, "batch", {"cmd": {"a": "crm.deal.list"}})
        assert body["result"]["result_error"]["a"]["error"] == "OPERATION_TIME_LIMIT"
        assert portal.counters.rejected_429 == 2
        clock.advance(601)
        assert (await rest(http, portal, "crm.deal.list"))[0] == 200


async def test_scaled_clock_keeps_ratios(http: aiohttp.ClientSession) -> None:
    clock = ScaledClock(speed=20)
    async with running_portal(clock=clock) as portal:
        started = clock.time()
        codes = await asyncio.gather(*(rest(http, portal, "scope") for _ in range(120)))
        elapsed = clock.time() - started  # portal seconds: drained 2 per each
        accepted = [c for c, _ in codes].count(200)
        assert 50 <= accepted <= 50 + 2 * elapsed + 1
        await asyncio.sleep(0.06)  # 1.2 portal seconds -> 2 drained
        assert (await rest(http, portal, "scope"))[0] == 200
