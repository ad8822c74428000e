"""The fake Bitrix24 portal in a process of its own, for `bench/mirror.py`.

A batch-heavy benchmark against a fake in the same process measures the fake's CPU as much as
the client's, so the portal runs here, with a small control API beside it:
GET /state (counters, duplicate counts, and the portal time of every request the bucket let
through), POST /reset (empty bucket, zero counters), POST /faults?after_execute_500=0.01 (that
share of batches fails with a 500 after executing), POST /down (every request answered with
nginx's 503 page, as in an outage), POST /clear (no faults). /down and /clear answer the portal
time they took effect at. Prints one JSON line with both addresses, then serves until stdin
closes.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections import Counter
from typing import Any

from aiohttp import web

from tests.fake_bitrix24 import FakePortal
from tests.fake_bitrix24.clock import ScaledClock


def duplicates(portal: FakePortal) -> dict[str, int]:
    """Entities that exist more than once (by our own id, or a contact by phone)."""
    state = portal.state

    def extra(values: list[Any]) -> int:
        return sum(n - 1 for n in Counter(v for v in values if v).values())

    phones = [p["VALUE"] for c in state.contacts.rows.values() for p in c.get("PHONE", [])]
    items = [i.get("xmlId") for per_type in state.items.items.values() for i in per_type.values()]
    comments = [(c["ENTITY_ID"], c["COMMENT"]) for c in state.timeline.comments.values()]
    return {
        "contacts": extra([c.get("ORIGIN_ID") for c in state.contacts.rows.values()])
        + extra(phones),
        "deals": extra([d.get("ORIGIN_ID") for d in state.deals.rows.values()]),
        "cars": extra(items),
        "tasks": extra([t.get("XML_ID") for t in state.tasks.rows.values()]),
        "comments": extra(comments),
    }


def record_served(portal: FakePortal) -> list[float]:
    """Portal times of the requests the bucket let through (what the portal served)."""
    served: list[float] = []
    acquire = portal.bucket.try_acquire

    def try_acquire() -> bool:
        ok = acquire()
        if ok:
            served.append(portal.clock.time())
        return ok

    portal.bucket.try_acquire = try_acquire  # type: ignore[method-assign]
    return served


def control_app(portal: FakePortal) -> web.Application:
    served = record_served(portal)

    async def state(_request: web.Request) -> web.Response:
        c = portal.counters
        return web.json_response(
            {
                "requests": c.requests,
                "commands": c.commands,
                "batches": c.batches,
                "rejected_503": c.rejected_503,
                "rejected_429": c.rejected_429,
                "faults_injected": c.faults_injected,
                "duplicates": duplicates(portal),
                "served": served,
                "sizes": {
                    "contacts": len(portal.state.contacts.rows),
                    "deals": len(portal.state.deals.rows),
                    "tasks": len(portal.state.tasks.rows),
                    "comments": len(portal.state.timeline.comments),
                },
            }
        )

    async def reset(_request: web.Request) -> web.Response:
        portal.bucket.reset()
        portal.counters.reset()
        served.clear()
        return web.json_response({"ok": True})

    async def faults(request: web.Request) -> web.Response:
        rate = float(request.query.get("after_execute_500", "0"))
        portal.faults.error_500(count=None, rate=rate, after_execute=True, methods=["batch"])
        return web.json_response({"ok": True})

    async def down(_request: web.Request) -> web.Response:
        portal.faults.down()
        return web.json_response({"ok": True, "at": portal.clock.time()})

    async def clear(_request: web.Request) -> web.Response:
        portal.faults.clear()
        return web.json_response({"ok": True, "at": portal.clock.time()})

    app = web.Application()
    app.router.add_get("/state", state)
    app.router.add_post("/reset", reset)
    app.router.add_post("/faults", faults)
    app.router.add_post("/down", down)
    app.router.add_post("/clear", clear)
    return app


async def serve(speed: float) -> None:
    portal = FakePortal(clock=ScaledClock(speed))
    await portal.start()
    runner = web.AppRunner(control_app(portal), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    print(json.dumps({"webhook": portal.webhook_url, "control": f"http://127.0.0.1:{port}"}))
    sys.stdout.flush()
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, sys.stdin.read)  # until the benchmark closes our stdin
    await runner.cleanup()
    await portal.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--speed", type=float, default=1.0, help="portal clock speed-up")
    asyncio.run(serve(parser.parse_args().speed))


if __name__ == "__main__":
    main()
