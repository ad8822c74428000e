"""The client against canned answers (aioresponses); the fake portal tests are elsewhere."""

from __future__ import annotations

import json
import time
from typing import Any
from unittest import mock

import aiohttp
import pytest
import structlog
from aioresponses import CallbackResult, aioresponses
from pydantic import SecretStr
from yarl import URL

from services.crm.bitrix24 import (
    AuthError,
    Batch,
    Bitrix24Client,
    Bitrix24NetworkError,
    NotFound,
    OperationTimeLimit,
    QueryLimitExceeded,
    RetryPolicy,
    ServerError,
)
from tests.bitrix24.conftest import FAST_RETRY, SECRET, WEBHOOK, url


def _sent(m: aioresponses, method: str, base: str = WEBHOOK) -> list[dict[str, Any]]:
    calls = m.requests.get(("POST", URL(url(method, base))), [])
    return [json.loads(call.kwargs["data"]) for call in calls]


def _ok(result: Any, **extra: Any) -> dict[str, Any]:
    now = time.time()
    return {"result": result, "time": {"start": now, "finish": now, "duration": 0.0}, **extra}


def _refused() -> aiohttp.ClientConnectorError:
    key = mock.Mock(host="shop.bitrix24.ru", port=443, ssl=True)
    return aiohttp.ClientConnectorError(key, OSError(111, "Connection refused"))


async def test_call_posts_json_and_returns_the_result(client: Bitrix24Client) -> None:
    with aioresponses() as m:
        m.post(url("crm.deal.add"), payload=_ok(812))
        deal_id = await client.call(
            "crm.deal.add", {"fields": {"TITLE": "ТО-15000", "ORIGIN_ID": "order-42"}}
        )
        assert deal_id == 812
        (request,) = m.requests[("POST", URL(url("crm.deal.add")))]
        assert request.kwargs["headers"]["Content-Type"] == "application/json"
        assert request.kwargs["allow_redirects"] is False
        assert json.loads(request.kwargs["data"]) == {
            "fields": {"TITLE": "ТО-15000", "ORIGIN_ID": "order-42"}
        }


async def test_list_answer_keeps_total_and_next(client: Bitrix24Client) -> None:
    with aioresponses() as m:
        m.post(url("crm.deal.list"), payload=_ok([{"ID": "1"}], total=120, next=50))
        response = await client.call_full("crm.deal.list", {"select": ["ID"]})
    assert (response.result, response.total, response.next) == ([{"ID": "1"}], 120, 50)


async def test_error_is_typed_by_code_and_keeps_the_description(client: Bitrix24Client) -> None:
    with aioresponses() as m:
        body = {"error": "INVALID_CREDENTIALS", "error_description": "Invalid request credentials"}
        m.post(url("crm.deal.get"), status=401, payload=body)
        m.post(
            url("crm.contact.get"),
            status=400,
            payload={"error": "", "error_description": "Not found"},
        )
        with pytest.raises(AuthError) as info:
            await client.call("crm.deal.get", {"id": 1})
        assert info.value.description == "Invalid request credentials"
        assert info.value.status == 401
        with pytest.raises(NotFound):
            await client.call("crm.contact.get", {"id": 1})


async def test_query_limit_is_retried_even_for_a_create(client: Bitrix24Client) -> None:
    limit = {"error": "QUERY_LIMIT_EXCEEDED", "error_description": "Too many requests"}
    with aioresponses() as m:
        m.post(url("crm.deal.add"), status=503, payload=limit)
        m.post(url("crm.deal.add"), payload=_ok(9))
        assert await client.call("crm.deal.add", {"fields": {"TITLE": "x"}}) == 9
        assert len(_sent(m, "crm.deal.add")) == 2


async def test_query_limit_gives_up_after_max_attempts() -> None:
    limit = {"error": "QUERY_LIMIT_EXCEEDED", "error_description": "Too many requests"}
    policy = RetryPolicy(max_attempts=3, base_delay=0.001, max_delay=0.002)
    async with Bitrix24Client(WEBHOOK, rate=1000.0, burst=50, retry=policy) as b24:
        with aioresponses() as m:
            m.post(url("crm.deal.get"), status=503, payload=limit, repeat=True)
            with pytest.raises(QueryLimitExceeded):
                await b24.call("crm.deal.get", {"id": 1})
            assert len(_sent(m, "crm.deal.get")) == 3


async def test_lost_answer_is_retried_for_reads_only(client: Bitrix24Client) -> None:
    with aioresponses() as m:
        m.post(url("crm.deal.get"), exception=aiohttp.ServerDisconnectedError())
        m.post(url("crm.deal.get"), payload=_ok({"ID": "1"}))
        assert await client.call("crm.deal.get", {"id": 1}) == {"ID": "1"}

        m.post(url("crm.deal.add"), exception=aiohttp.ServerDisconnectedError())
        m.post(url("crm.deal.add"), payload=_ok(2))
        with pytest.raises(Bitrix24NetworkError) as info:
            await client.call("crm.deal.add", {"fields": {"TITLE": "x"}})
        assert info.value.maybe_executed
        assert len(_sent(m, "crm.deal.add")) == 1
        # The caller may declare a call safe to repeat.
        assert await client.call("crm.deal.add", {"fields": {}}, idempotent=True) == 2


async def test_refused_connection_is_retried_even_for_a_create(client: Bitrix24Client) -> None:
    with aioresponses() as m:
        m.post(url("crm.deal.add"), exception=_refused())
        m.post(url("crm.deal.add"), payload=_ok(3))
        assert await client.call("crm.deal.add", {"fields": {"TITLE": "x"}}) == 3


async def test_server_error_is_not_retried(client: Bitrix24Client) -> None:
    with aioresponses() as m:
        body = {"error": "INTERNAL_SERVER_ERROR", "error_description": "oops"}
        m.post(url("crm.deal.get"), status=500, payload=body, repeat=True)
        with pytest.raises(ServerError) as info:
            await client.call("crm.deal.get", {"id": 1})
        assert info.value.maybe_executed
        assert len(_sent(m, "crm.deal.get")) == 1


async def test_proxy_error_page_counts_as_a_lost_answer(client: Bitrix24Client) -> None:
    with aioresponses() as m:
        m.post(url("crm.deal.list"), status=502, body="<html>Bad gateway</html>")
        m.post(url("crm.deal.list"), payload=_ok([]))
        assert await client.call("crm.deal.list") == []
        m.post(url("crm.deal.add"), status=504, body="<html>Gateway timeout</html>")
        with pytest.raises(Bitrix24NetworkError) as info:
            await client.call("crm.deal.add", {"fields": {}})
        assert info.value.status == 504 and info.value.maybe_executed


async def test_changed_domain_is_followed_with_the_body_and_remembered() -> None:
    new_base = f"https://new.bitrix24.ru/rest/1/{SECRET}/"
    moved: list[SecretStr] = []
    async with Bitrix24Client(
        WEBHOOK, rate=1000.0, burst=50, retry=FAST_RETRY, on_moved=moved.append
    ) as b24:
        with aioresponses() as m:
            m.post(
                url("crm.deal.add"), status=302, headers={"Location": url("crm.deal.add", new_base)}
            )
            m.post(url("crm.deal.add", new_base), payload=_ok(5))
            m.post(url("crm.deal.get", new_base), payload=_ok({"ID": "5"}))
            assert await b24.call("crm.deal.add", {"fields": {"TITLE": "x"}}) == 5
            assert _sent(m, "crm.deal.add", new_base) == [{"fields": {"TITLE": "x"}}]
            assert await b24.call("crm.deal.get", {"id": 5}) == {"ID": "5"}
            assert not _sent(m, "crm.deal.get")
        assert b24.portal == "new.bitrix24.ru"
        assert [s.get_secret_value() for s in moved] == [new_base]


async def test_operation_time_limit_waits_until_reset(client: Bitrix24Client) -> None:
    limit = {"error": "OPERATION_TIME_LIMIT", "error_description": "Method is blocked"}
    now = time.time()
    with aioresponses() as m:
        m.post(
            url("crm.deal.list"),
            payload={"result": [], "time": {"finish": now, "operating_reset_at": now + 0.2}},
        )
        m.post(url("crm.deal.list"), status=429, payload=limit)
        m.post(url("crm.deal.list"), payload=_ok([{"ID": "1"}]))
        await client.call("crm.deal.list")
        started = time.monotonic()
        assert await client.call("crm.deal.list") == [{"ID": "1"}]
        assert time.monotonic() - started >= 0.2


async def test_long_operation_block_is_raised_and_holds_only_that_method() -> None:
    limit = {"error": "OPERATION_TIME_LIMIT", "error_description": "Method is blocked"}
    policy = RetryPolicy(base_delay=0.001, max_operating_wait=1.0)
    now = time.time()
    async with Bitrix24Client(WEBHOOK, rate=1000.0, burst=50, retry=policy) as b24:
        with aioresponses() as m:
            m.post(
                url("crm.deal.list"),
                payload={"result": [], "time": {"finish": now, "operating_reset_at": now + 300}},
            )
            m.post(url("crm.deal.list"), status=429, payload=limit)
            m.post(url("crm.deal.get"), payload=_ok({"ID": "1"}))
            await b24.call("crm.deal.list")
            with pytest.raises(OperationTimeLimit) as info:
                await b24.call("crm.deal.list")
            assert info.value.reset_at == pytest.approx(now + 300)
            assert b24.held_for("crm.deal.list") > 250
            # Held on our side: no request reaches the portal.
            with pytest.raises(OperationTimeLimit):
                await b24.call("crm.deal.list")
            assert len(_sent(m, "crm.deal.list")) == 2
            assert await b24.call("crm.deal.get", {"id": 1}) == {"ID": "1"}


async def test_batch_sends_encoded_commands_and_parses_per_command(
    client: Bitrix24Client,
) -> None:
    batch = Batch(halt=True)
    deal = batch.add("crm.deal.add", {"fields": {"TITLE": "A&B"}}, key="deal")
    batch.add("crm.deal.contact.add", {"id": deal, "fields": {"CONTACT_ID": 57}}, key="bind")

    def answer(_url: URL, **kwargs: Any) -> CallbackResult:
        sent = json.loads(kwargs["data"])
        assert sent == {
            "halt": 1,
            "cmd": {
                "deal": "crm.deal.add?fields[TITLE]=A%26B",
                "bind": "crm.deal.contact.add?id=$result[deal]&fields[CONTACT_ID]=57",
            },
        }
        return CallbackResult(
            payload=_ok(
                {
                    "result": {"deal": 812, "bind": True},
                    "result_error": [],
                    "result_total": [],
                    "result_next": [],
                    "result_time": [],
                }
            )
        )

    with aioresponses() as m:
        m.post(url("batch"), callback=answer)
        result = await client.batch(batch)
    assert result.ok
    assert result[deal] == 812 and result["bind"] is True


async def test_batch_of_creates_is_not_resent_after_a_lost_answer(client: Bitrix24Client) -> None:
    batch = Batch()
    batch.add("crm.contact.add", {"fields": {"NAME": "Ivan"}})
    with aioresponses() as m:
        m.post(url("batch"), exception=aiohttp.ServerDisconnectedError(), repeat=True)
        with pytest.raises(Bitrix24NetworkError):
            await client.batch(batch)
        assert len(_sent(m, "batch")) == 1


async def test_secret_never_reaches_logs_or_errors() -> None:
    new_base = f"https://new.bitrix24.ru/rest/1/{SECRET}/"
    limit = {"error": "QUERY_LIMIT_EXCEEDED", "error_description": "Too many requests"}
    errors: list[str] = []
    with structlog.testing.capture_logs() as logs:
        async with Bitrix24Client(WEBHOOK, rate=1000.0, burst=50, retry=FAST_RETRY) as b24:
            assert SECRET not in repr(b24)
            with aioresponses() as m:
                m.post(url("crm.deal.get"), status=503, payload=limit)
                m.post(url("crm.deal.get"), exception=aiohttp.ClientOSError(1, f"bad {WEBHOOK}"))
                m.post(url("crm.deal.get"), status=302, headers={"Location": new_base})
                m.post(url("crm.deal.get", new_base), exception=aiohttp.ClientPayloadError(WEBHOOK))
                m.post(
                    url("crm.deal.add", new_base), exception=aiohttp.ClientPayloadError(new_base)
                )
                try:
                    await b24.call("crm.deal.get", {"id": 1})
                except Bitrix24NetworkError as exc:
                    errors.append(str(exc))
                try:
                    await b24.call("crm.deal.add", {"fields": {}})
                except Bitrix24NetworkError as exc:
                    errors.append(str(exc) + repr(exc) + exc.description)
    assert len(logs) >= 3
    assert errors
    assert SECRET not in repr(logs)
    assert all(SECRET not in text for text in errors)
