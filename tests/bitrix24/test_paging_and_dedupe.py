"""Whole lists with start=-1, and creates that are looked up before being sent again."""

from __future__ import annotations

import json
from typing import Any

import aiohttp
import pytest
from aioresponses import CallbackResult, aioresponses
from yarl import URL

from services.crm.bitrix24 import Bitrix24Client, ServerError, add_item_once, add_once
from tests.bitrix24.conftest import url

ROWS = [{"ID": str(i), "TITLE": f"deal {i}"} for i in range(1, 121)]


def _list_callback(seen: list[dict[str, Any]], rows: list[dict[str, Any]], wrap: str | None):
    id_key = "id" if wrap else "ID"

    def answer(_url: URL, **kwargs: Any) -> CallbackResult:
        params = json.loads(kwargs["data"])
        seen.append(params)
        after = int(params["filter"].get(f">{id_key}", 0))
        page = [r for r in rows if int(r[id_key]) > after][:50]
        result: Any = {wrap: page} if wrap else page
        # start=-1: no count, total 0, no next (contract §6)
        return CallbackResult(payload={"result": result, "total": 0, "time": {}})

    return answer


async def test_fast_listing_walks_ids_until_a_short_page(client: Bitrix24Client) -> None:
    seen: list[dict[str, Any]] = []
    with aioresponses() as m:
        m.post(url("crm.deal.list"), callback=_list_callback(seen, ROWS, None), repeat=True)
        got = [
            row
            async for row in client.iter_list(
                "crm.deal.list", {"filter": {"STAGE_ID": "C3:NEW"}, "select": ["TITLE"]}
            )
        ]
    assert [r["ID"] for r in got] == [str(i) for i in range(1, 121)]
    assert len(seen) == 3
    assert all(p["start"] == -1 and p["order"] == {"ID": "ASC"} for p in seen)
    assert all(p["filter"]["STAGE_ID"] == "C3:NEW" for p in seen)
    assert [p["filter"].get(">ID") for p in seen] == [None, 50, 100]
    assert seen[0]["select"] == ["TITLE", "ID"]


async def test_fast_listing_of_wrapped_items(client: Bitrix24Client) -> None:
    items = [{"id": i} for i in range(1, 101)]
    seen: list[dict[str, Any]] = []
    with aioresponses() as m:
        m.post(url("crm.item.list"), callback=_list_callback(seen, items, "items"), repeat=True)
        got = [
            row
            async for row in client.iter_list(
                "crm.item.list", {"entityTypeId": 1038}, id_field="id", items_key="items"
            )
        ]
    assert len(got) == 100
    # Exactly two full pages: one more (empty) page proves the end.
    assert len(seen) == 3
    assert seen[0]["entityTypeId"] == 1038


async def test_offset_listing_follows_next(client: Bitrix24Client) -> None:
    with aioresponses() as m:
        m.post(url("crm.deal.list"), payload={"result": ROWS[:50], "total": 60, "next": 50})
        m.post(url("crm.deal.list"), payload={"result": ROWS[50:60], "total": 60})
        got = [row async for row in client.iter_list("crm.deal.list", fast=False)]
    assert len(got) == 60


async def test_add_after_a_500_finds_the_deal_instead_of_doubling_it(
    client: Bitrix24Client,
) -> None:
    with aioresponses() as m:
        m.post(
            url("crm.deal.add"),
            status=500,
            payload={"error": "INTERNAL_SERVER_ERROR", "error_description": "Internal error"},
        )
        m.post(url("crm.deal.list"), payload={"result": [{"ID": "812"}], "total": 1})
        deal_id = await add_once(client, "deal", {"TITLE": "x", "ORIGIN_ID": "order-42"}, settle=0)
        assert deal_id == 812
        assert len(m.requests[("POST", URL(url("crm.deal.add")))]) == 1
        (lookup,) = m.requests[("POST", URL(url("crm.deal.list")))]
        assert json.loads(lookup.kwargs["data"])["filter"] == {"ORIGIN_ID": "order-42"}


async def test_add_after_a_lost_answer_creates_again_when_nothing_is_there(
    client: Bitrix24Client,
) -> None:
    with aioresponses() as m:
        m.post(url("crm.item.add"), exception=aiohttp.ServerDisconnectedError())
        m.post(url("crm.item.list"), payload={"result": {"items": []}, "total": 0})
        m.post(url("crm.item.add"), payload={"result": {"item": {"id": 19}}})
        item_id = await add_item_once(
            client, 1038, {"title": "Kia Rio", "xmlId": "car-7"}, settle=0
        )
        assert item_id == 19
        (lookup,) = m.requests[("POST", URL(url("crm.item.list")))]
        sent = json.loads(lookup.kwargs["data"])
        assert sent["filter"] == {"xmlId": "car-7"} and sent["entityTypeId"] == 1038


async def test_add_gives_up_after_the_attempts(client: Bitrix24Client) -> None:
    with aioresponses() as m:
        m.post(
            url("crm.contact.add"),
            status=500,
            payload={"error": "INTERNAL_SERVER_ERROR"},
            repeat=True,
        )
        m.post(url("crm.contact.list"), payload={"result": []}, repeat=True)
        with pytest.raises(ServerError):
            await add_once(client, "contact", {"NAME": "Ivan", "ORIGIN_ID": "client-1"}, settle=0)
        assert len(m.requests[("POST", URL(url("crm.contact.add")))]) == 3


async def test_add_needs_our_own_id(client: Bitrix24Client) -> None:
    with pytest.raises(ValueError):
        await add_once(client, "deal", {"TITLE": "x"})
