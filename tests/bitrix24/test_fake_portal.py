"""The client against the local fake portal (tests/fake_bitrix24): real HTTP, real bucket."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest
from pydantic import SecretStr

from services.crm.bitrix24 import (
    AuthError,
    Batch,
    Bitrix24Client,
    Bitrix24NetworkError,
    OperationTimeLimit,
    RetryPolicy,
    ServerError,
    add_item_once,
    add_once,
)
from services.crm.bitrix24.dedupe import find_by_origin
from tests.bitrix24.conftest import FAST_RETRY
from tests.fake_bitrix24.fixtures import running_portal
from tests.fake_bitrix24.portal import FakePortal

# The portal's clock runs this much faster than ours: standard plan ratios (burst 50,
# 2 per portal-second) become 100 requests per wall second.
SPEED = 50.0


@pytest.fixture
async def portal() -> AsyncIterator[FakePortal]:
    async with running_portal(speed=SPEED) as running:
        yield running


def _client(portal: FakePortal, speed: float = SPEED, **kwargs: object) -> Bitrix24Client:
    options: dict[str, object] = {
        "rate": portal.bucket.drain * speed,
        "burst": portal.bucket.burst,
        "retry": FAST_RETRY,
    }
    options.update(kwargs)
    return Bitrix24Client(portal.webhook_url, **options)  # type: ignore[arg-type]


async def test_200_concurrent_calls_never_overflow_the_bucket(portal: FakePortal) -> None:
    calls = 200
    async with _client(portal) as b24:
        ids = await asyncio.gather(
            *(
                b24.call("crm.deal.add", {"fields": {"TITLE": f"deal {i}", "ORIGIN_ID": f"o{i}"}})
                for i in range(calls)
            )
        )
    assert len(set(ids)) == calls
    assert portal.counters.rejected_503 == 0
    assert portal.counters.requests == calls  # nothing had to be retried
    # How close to the portal's limit we run is a timing: measured in bench/mirror.py.


async def test_full_batches_use_the_bucket_without_a_single_503() -> None:
    speed, batches = 10.0, 80
    async with running_portal(speed=speed) as portal, _client(portal, speed) as b24:

        async def push(n: int) -> None:
            batch = Batch()
            for i in range(50):
                batch.add(
                    "crm.contact.add", {"fields": {"NAME": f"c{n}-{i}", "ORIGIN_ID": f"{n}-{i}"}}
                )
            assert (await b24.batch(batch)).ok

        await asyncio.gather(*(push(n) for n in range(batches)))
    assert portal.counters.rejected_503 == 0
    assert portal.counters.commands == batches * 50
    # How close to the limit the batches run is a timing: measured in bench/mirror.py.


async def test_batch_with_references_and_php_encoding(portal: FakePortal) -> None:
    async with _client(portal) as b24:
        batch = Batch(halt=True)
        contact = batch.add(
            "crm.contact.add",
            {
                "fields": {
                    "NAME": "Иван & Co",
                    "PHONE": [{"VALUE": "+79161234567", "VALUE_TYPE": "MOBILE"}],
                }
            },
            key="contact",
        )
        deal = batch.add(
            "crm.deal.add",
            {"fields": {"TITLE": "ТО-15000 #1 50%", "CONTACT_IDS": [contact], "OPPORTUNITY": 8400}},
            key="deal",
        )
        batch.add("crm.deal.get", {"id": deal}, key="read")
        result = await b24.batch(batch)
        assert result.ok, result.errors
        read = result["read"]
        assert read["TITLE"] == "ТО-15000 #1 50%"
        assert int(read["ID"]) == int(result[deal])
        stored = await b24.call("crm.contact.get", {"id": result[contact]})
        assert stored["NAME"] == "Иван & Co"
        assert stored["PHONE"][0]["VALUE"] == "+79161234567"
    assert portal.counters.batches == 1


async def test_batch_halt_reports_the_failure_and_skips_the_rest(portal: FakePortal) -> None:
    async with _client(portal) as b24:
        batch = Batch(halt=True)
        batch.add("crm.item.get", {"entityTypeId": 2, "id": 999999}, key="missing")
        batch.add("crm.deal.add", {"fields": {"TITLE": "never"}}, key="after")
        result = await b24.batch(batch)
    assert "missing" in result.errors
    assert not result.executed("after")


async def test_listing_with_start_minus_one(portal: FakePortal) -> None:
    async with _client(portal) as b24:
        for chunk in range(3):
            batch = Batch()
            for i in range(40):
                n = chunk * 40 + i
                batch.add("crm.deal.add", {"fields": {"TITLE": f"deal {n}", "COMMENTS": "bulk"}})
            assert (await b24.batch(batch)).ok
        pages_before = portal.counters.per_method["crm.deal.list"]
        rows = [
            row
            async for row in b24.iter_list(
                "crm.deal.list", {"filter": {"COMMENTS": "bulk"}, "select": ["TITLE"]}
            )
        ]
    ids = [int(row["ID"]) for row in rows]
    assert len(rows) == 120
    assert ids == sorted(ids)
    assert portal.counters.per_method["crm.deal.list"] - pages_before == 3


async def test_changed_domain_is_followed_and_remembered() -> None:
    moved: list[SecretStr] = []
    async with running_portal(speed=SPEED, old_domain=True) as portal:
        async with Bitrix24Client(
            portal.old_webhook_url, rate=100.0, burst=50, retry=FAST_RETRY, on_moved=moved.append
        ) as b24:
            deal_id = await b24.call("crm.deal.add", {"fields": {"TITLE": "moved"}})
            assert (await b24.call("crm.deal.get", {"id": deal_id}))["TITLE"] == "moved"
            assert b24.portal == "127.0.0.1"
        assert [s.get_secret_value() for s in moved] == [portal.webhook_url]
        # one 302 + the re-POST + the direct get
        assert portal.counters.requests == 3


async def test_500_after_execute_does_not_double_the_deal(portal: FakePortal) -> None:
    async with _client(portal) as b24:
        portal.faults.error_500(count=1, after_execute=True, methods=["crm.deal.add"])
        fields = {"TITLE": "order 42", "ORIGIN_ID": "order-42"}
        deal_id = await add_once(b24, "deal", fields, settle=0)
        assert await find_by_origin(b24, "deal", "order-42") == deal_id
        rows = await b24.call("crm.deal.list", {"filter": {"ORIGIN_ID": "order-42"}})
        assert len(rows) == 1

        # The plain call does not retry a create whose answer was lost.
        portal.faults.error_500(count=1, after_execute=True, methods=["crm.deal.add"])
        with pytest.raises(ServerError):
            await b24.call("crm.deal.add", {"fields": {"TITLE": "x", "ORIGIN_ID": "order-43"}})
        assert len(await b24.call("crm.deal.list", {"filter": {"ORIGIN_ID": "order-43"}})) == 1


async def test_dropped_connection_after_execute_does_not_double_the_car(portal: FakePortal) -> None:
    async with _client(portal) as b24:
        setup = await b24.call("crm.type.add", {"fields": {"title": "Car", "entityTypeId": 1038}})
        etid = int(setup["type"]["entityTypeId"])
        portal.faults.drop(count=1, after_execute=True, methods=["crm.item.add"])
        item_id = await add_item_once(b24, etid, {"title": "Kia Rio", "xmlId": "car-7"}, settle=0)
        found = await b24.call(
            "crm.item.list", {"entityTypeId": etid, "filter": {"xmlId": "car-7"}}
        )
    assert [int(item["id"]) for item in found["items"]] == [item_id]


async def test_a_500_before_execute_is_created_on_the_second_try(portal: FakePortal) -> None:
    async with _client(portal) as b24:
        portal.faults.error_500(count=1, after_execute=False, methods=["crm.contact.add"])
        contact_id = await add_once(b24, "contact", {"NAME": "Ivan", "ORIGIN_ID": "c-1"}, settle=0)
        assert await find_by_origin(b24, "contact", "c-1") == contact_id


async def test_bucket_spent_by_someone_else_is_waited_out(portal: FakePortal) -> None:
    portal.bucket.level = float(portal.bucket.burst)  # another app on our IP filled it
    async with _client(portal) as b24:
        results = await asyncio.gather(*(b24.call("crm.deal.list") for _ in range(5)))
    assert len(results) == 5
    assert portal.counters.rejected_503 >= 1


async def test_read_that_hangs_is_retried_after_the_timeout(portal: FakePortal) -> None:
    portal.faults.hang(seconds=5, count=1, methods=["crm.deal.list"])
    async with _client(portal, timeout=0.3) as b24:
        assert await b24.call("crm.deal.list") == []


async def test_wrong_secret_is_an_auth_error_with_the_portal_text(portal: FakePortal) -> None:
    bad = portal.webhook_url.replace(portal.secret, "wrongsecret")
    async with Bitrix24Client(bad, rate=100.0, burst=50, retry=FAST_RETRY) as b24:
        with pytest.raises(AuthError) as info:
            await b24.call("crm.deal.list")
    assert info.value.code == "INVALID_CREDENTIALS"
    assert info.value.description == "Invalid request credentials"


async def test_operation_time_limit_holds_the_method_only(portal: FakePortal) -> None:
    portal.budget.costs["crm.deal.list"] = 500.0  # one call spends the 480 s budget
    policy = RetryPolicy(base_delay=0.001, max_operating_wait=1.0)
    async with _client(portal, retry=policy) as b24:
        await b24.call("crm.deal.list")
        with pytest.raises(OperationTimeLimit) as info:
            await b24.call("crm.deal.list")
        assert info.value.reset_at is not None
        assert b24.held_for("crm.deal.list") > 0
        assert await b24.call("crm.deal.fields")
    assert portal.counters.rejected_429 == 1


async def test_an_outage_does_not_spend_our_share_of_the_bucket() -> None:
    """Requests the portal refused without running them (nginx's 503 page while it is down, a
    refused connection) never reached its bucket: once it is back, ours lets a burst through."""
    async with running_portal() as portal, _client(portal, speed=1.0) as b24:
        portal.faults.down()
        for _ in range(15):  # six attempts each: 90 requests answered with the 503 page
            with pytest.raises(Bitrix24NetworkError):
                await b24.call("crm.deal.list")
        await portal.go_down()
        for _ in range(5):
            with pytest.raises(Bitrix24NetworkError):
                await b24.call("crm.deal.list")
        await portal.come_up()
        portal.faults.clear()
        started = time.monotonic()
        await asyncio.gather(*(b24.call("crm.deal.list") for _ in range(40)))
        elapsed = time.monotonic() - started
    assert portal.counters.rejected_503 == 0
    # At the steady 2 requests per second these 40 would take 20 s.
    assert elapsed < 2.0
