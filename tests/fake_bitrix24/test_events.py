"""§12: outbound event payloads (PHP brackets, form-encoded), token, no retry, drop switch."""

from urllib.parse import parse_qsl

import aiohttp
from aiohttp import web

from tests.fake_bitrix24.helpers import ok
from tests.fake_bitrix24.params import parse_query
from tests.fake_bitrix24.portal import FakePortal


async def _receiver(status: int = 200) -> tuple[web.AppRunner, str, list[tuple[str, str]]]:
    received: list[tuple[str, str]] = []

    async def handler(request: web.Request) -> web.Response:
        received.append((request.content_type, await request.text()))
        return web.Response(status=status)

    app = web.Application()
    app.router.add_post("/hook", handler)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return runner, f"http://127.0.0.1:{port}/hook", received


async def test_store_changes_fire_events(
    fake_portal: FakePortal, http: aiohttp.ClientSession
) -> None:
    runner, url, received = await _receiver()
    try:
        fake_portal.events.subscribe(url, ["ONCRMDEALADD", "ONCRMDEALUPDATE"], "tok-123")
        deal_id = await ok(http, fake_portal, "crm.deal.add", {"fields": {"TITLE": "x"}})
        await ok(http, fake_portal, "crm.deal.update", {"id": deal_id, "fields": {"TITLE": "y"}})
        await ok(http, fake_portal, "crm.contact.add", {"fields": {"NAME": "not ticked"}})
        await fake_portal.events.flush()
        assert [ct for ct, _ in received] == ["application/x-www-form-urlencoded"] * 2
        body = received[0][1]
        assert "data%5BFIELDS%5D%5BID%5D=" in body
        pairs = dict(parse_qsl(body))
        assert pairs["event"] == "ONCRMDEALADD" and pairs["data[FIELDS][ID]"] == str(deal_id)
        assert pairs["auth[application_token]"] == "tok-123"
        assert {
            "ts",
            "event_handler_id",
            "auth[domain]",
            "auth[member_id]",
            "auth[client_endpoint]",
        } <= set(pairs)
        assert "auth[access_token]" not in pairs
        assert parse_query(received[1][1])["event"] == "ONCRMDEALUPDATE"
    finally:
        await runner.cleanup()


async def test_no_retry_and_drop_switch(fake_portal: FakePortal) -> None:
    runner, url, received = await _receiver(status=500)
    try:
        events = fake_portal.events
        events.subscribe(url)
        delivery = await events.emit("ONCRMDEALUPDATE", {"FIELDS": {"ID": 812}})
        assert delivery.status == 500 and len(received) == 1  # not retried
        events.drop_deliveries = True
        delivery = await events.emit("ONCRMDEALUPDATE", {"FIELDS": {"ID": 812}})
        assert delivery.dropped and len(received) == 1
        await runner.cleanup()
        events.drop_deliveries = False
        delivery = await events.emit("ONTASKUPDATE", {"FIELDS_AFTER": {"ID": 1}})
        assert delivery.error is not None and delivery.status is None
    finally:
        await runner.cleanup()


async def test_task_and_dynamic_payload_shapes(
    fake_portal: FakePortal, http: aiohttp.ClientSession
) -> None:
    runner, url, received = await _receiver()
    try:
        fake_portal.events.subscribe(url)
        fake_portal.events.per_type_dynamic_events = True
        await ok(
            http, fake_portal, "tasks.task.add", {"fields": {"TITLE": "t", "RESPONSIBLE_ID": 1}}
        )
        await ok(
            http, fake_portal, "crm.type.add", {"fields": {"title": "Car", "entityTypeId": 1038}}
        )
        await ok(http, fake_portal, "crm.item.add", {"entityTypeId": 1038, "fields": {}})
        await fake_portal.events.flush()
        parsed = [parse_query(body) for _, body in received]
        assert parsed[0]["event"] == "ONTASKADD"
        assert parsed[0]["data"]["FIELDS_AFTER"]["ID"] == "1"
        assert parsed[0]["data"]["FIELDS_BEFORE"] == "undefined"
        assert [p["event"] for p in parsed[1:]] == [
            "ONCRMDYNAMICITEMADD",
            "ONCRMDYNAMICITEMADD_1038",
        ]
        assert parsed[1]["data"]["FIELDS"] == {"ID": "1", "ENTITY_TYPE_ID": "1038"}
    finally:
        await runner.cleanup()
