"""Benchmark: 5,000 outbox messages for 1,000 orders through the relay, against the fake portal
(in a process of its own) with its leaky bucket on.

The portal keeps the real ratios (burst 50, 2 requests per portal-second) on a clock running
`--speed` times faster, so the run fits in well under a minute; our client gets the same
limits scaled the same way. The ceiling is what the bucket allows over the run, from the first
batch sent to the last answer: (burst + rate × duration) requests × 50 commands each.
Efficiency = commands the portal executed / that ceiling.

Runs three times: on a healthy portal, with 1% of batches answered 500 *after* executing, and
with the portal down (nginx's 503 page) for 30 portal-seconds from 20 portal-seconds into the
run. The portal's bucket drains while it is down, so once it is back the relay may send a full
burst again: recovery = portal-seconds from its return to the start of the first portal-second
in which it served at least FULL_SECOND requests (the steady rate is 2). Prints last, one line
per run (recovery only for the outage run):
    mirror_efficiency=<…> rejected_503=<…> duplicates=<…> [recovery_s=<…>]

    python -m bench.mirror [--orders 1000] [--speed 3] [--outage-speed 1]
                           [--runs healthy,failing,outage]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
from sqlalchemy import func, select

from bot.i18n import Translator
from services.crm.bitrix24 import Bitrix24Client, RetryPolicy
from services.crm.mirror.mapping import store_mapping
from services.crm.mirror.outcomes import Policy
from services.crm.mirror.relay import Relay, RelayConfig
from services.crm.mirror.setup import set_up_portal
from services.crm.outbox.writer import PENDING
from services.storage.engine import create_engine, create_session_factory
from services.storage.migrate import upgrade
from services.storage.models import OutboxMessage

BURST, RATE = 50, 2.0  # the standard plan, per portal-second
OUTAGE_AT, OUTAGE = 20.0, 30.0  # portal-seconds after the relay starts; how long it is down
# Requests served in one portal-second that only a relay spending the burst reaches: twice
# the steady rate. (The relay itself is CPU-bound not far above that, see the README.)
FULL_SECOND = int(2 * RATE)
TEXTS = Translator("ru").get("ru").raw


@dataclass
class Result:
    messages: int
    commands: int
    batches: int
    active: float  # wall seconds, first batch to last answer
    total: float  # wall seconds, relay start to empty queue
    ceiling: float
    rejected_503: int
    duplicates: dict[str, int]
    faults: int
    left: int
    recovery: float | None = None  # portal-seconds, outage run only
    after_return: list[int] | None = None  # requests served per portal-second after it

    @property
    def efficiency(self) -> float:
        return self.commands / self.ceiling if self.ceiling else 0.0

    def line(self) -> str:
        text = (
            f"mirror_efficiency={self.efficiency:.3f} rejected_503={self.rejected_503} "
            f"duplicates={sum(self.duplicates.values())}"
        )
        if self.after_return is not None:
            text += " recovery_s=" + ("never" if self.recovery is None else f"{self.recovery:.1f}")
        return text


class PortalProcess:
    def __init__(self, speed: float) -> None:
        self.speed = speed
        self.proc: asyncio.subprocess.Process | None = None
        self.webhook = self.control = ""

    async def __aenter__(self) -> PortalProcess:
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bench.fake_server",
            "--speed",
            str(self.speed),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        assert self.proc.stdout is not None
        info = json.loads(await self.proc.stdout.readline())
        self.webhook, self.control = info["webhook"], info["control"]
        return self

    async def __aexit__(self, *_exc: object) -> None:
        if self.proc is not None:
            assert self.proc.stdin is not None
            self.proc.stdin.close()
            await self.proc.wait()

    async def post(self, path: str) -> dict[str, Any]:
        async with aiohttp.ClientSession() as http, http.post(self.control + path) as resp:
            resp.raise_for_status()
            return dict(await resp.json())

    async def state(self) -> dict[str, Any]:
        async with aiohttp.ClientSession() as http, http.get(self.control + "/state") as resp:
            return dict(await resp.json())


async def run(orders: int, speed: float, failing: float, outage: bool = False) -> Result:
    from bench.seed import seed

    with tempfile.TemporaryDirectory() as tmp:
        engine = create_engine(f"sqlite+aiosqlite:///{Path(tmp) / 'bench.sqlite3'}")
        await upgrade(engine)
        factory = create_session_factory(engine)
        messages = await seed(factory, orders)
        async with PortalProcess(speed) as portal:
            await _set_up(portal, factory, failing)
            client = _client(portal)
            relay = Relay(factory, client, TEXTS, config=_relay_config(speed))
            started = time.monotonic()
            down = asyncio.create_task(_outage(portal)) if outage else None
            left = await _until_empty(relay, factory)
            total = time.monotonic() - started
            back = await down if down is not None else None
            await relay.close()
            await client.close()
            state = await portal.state()
        await engine.dispose()
    return _result(relay, state, speed, back, messages=messages, total=total, left=left)


def _client(portal: PortalProcess) -> Bitrix24Client:
    speed = portal.speed
    return Bitrix24Client(
        portal.webhook,
        rate=RATE * speed,
        burst=BURST,
        retry=RetryPolicy(base_delay=0.5 / speed, max_delay=5.0 / speed),
    )


async def _set_up(portal: PortalProcess, factory: Any, failing: float) -> None:
    """The portal's fields and stages, then a fresh bucket and counters for the run."""
    client = _client(portal)
    report = await set_up_portal(client, TEXTS)
    async with factory() as session:
        await store_mapping(session, report.mapping)
        await session.commit()
    await client.close()
    # Setup's requests are not part of the run: a fresh bucket and counters.
    await asyncio.sleep(BURST / (RATE * portal.speed))
    await portal.post("/reset")
    if failing:
        await portal.post(f"/faults?after_execute_500={failing}")


def _relay_config(speed: float) -> RelayConfig:
    # The relay's own settings; only its delays are scaled like the portal's clock.
    return RelayConfig(
        policy=Policy(
            base_delay=2.0 / speed,
            max_delay=30.0 / speed,
            wait_delay=0.2,
            down_delay=Policy.down_delay / speed,
        ),
        again_delay=0.5 / speed,
    )


def _result(
    relay: Relay,
    state: dict[str, Any],
    speed: float,
    back: float | None,
    *,
    messages: int,
    total: float,
    left: int,
) -> Result:
    stats = relay.pipe.stats
    active = (stats.last_answered or 0.0) - (stats.first_sent or 0.0)
    ceiling = (BURST + RATE * active * speed) * 50
    if back is not None:
        # Down time serves nothing, and the portal's bucket is empty again when it returns
        # (OUTAGE > BURST / RATE): what the bucket allows while up, plus a second burst.
        ceiling += (BURST - RATE * OUTAGE) * 50
    recovery, after_return = _recovery(state["served"], back) if back else (None, None)
    return Result(
        messages=messages,
        commands=int(state["commands"]),
        batches=int(state["batches"]),
        active=active,
        total=total,
        ceiling=ceiling,
        rejected_503=int(state["rejected_503"]),
        duplicates=dict(state["duplicates"]),
        faults=int(state["faults_injected"]),
        left=left,
        recovery=recovery,
        after_return=after_return,
    )


async def _outage(portal: PortalProcess) -> float:
    """Take the portal down OUTAGE_AT portal-seconds into the run, for OUTAGE portal-seconds;
    the portal time it came back."""
    speed = portal.speed
    await asyncio.sleep(OUTAGE_AT / speed)
    await portal.post("/down")
    await asyncio.sleep(OUTAGE / speed)
    return float((await portal.post("/clear"))["at"])


def _recovery(served: list[float], back: float) -> tuple[float | None, list[int]]:
    """Portal-seconds from `back` to the first portal-second (a window starting at a request)
    holding FULL_SECOND requests; and the requests served in each second after `back`."""
    after = sorted(t for t in served if t >= back)
    per_second = [0] * 40
    for t in after:
        if int(t - back) < len(per_second):
            per_second[int(t - back)] += 1
    for n, t in enumerate(after):
        if n + FULL_SECOND - 1 < len(after) and after[n + FULL_SECOND - 1] < t + 1.0:
            return t - back, per_second
    return None, per_second


async def _until_empty(relay: Relay, factory: Any, limit: float = 300.0) -> int:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        report = await relay.run_once()
        if report.taken == 0:
            async with factory() as session:
                left = await session.scalar(
                    select(func.count()).where(OutboxMessage.status == PENDING)
                )
            if not left:
                return 0
            await asyncio.sleep(0.05)
    async with factory() as session:
        return int(
            await session.scalar(select(func.count()).where(OutboxMessage.status != "done")) or 0
        )


def describe(name: str, r: Result, speed: float) -> str:
    fill = r.commands / r.batches if r.batches else 0
    text = (
        f"{name}: {r.messages} messages, {r.commands} commands in {r.batches} batches "
        f"({fill:.1f} per batch), {r.active:.1f} s active ({r.active * speed:.0f} portal-s), "
        f"{r.total:.1f} s in all; ceiling {r.ceiling:.0f} commands; faults injected {r.faults}; "
        f"duplicates {r.duplicates}; not sent {r.left}"
    )
    if r.after_return is not None:
        text += f"; requests served per portal-second after the return: {r.after_return}"
    return text


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--orders", type=int, default=1000)
    parser.add_argument("--speed", type=float, default=3.0, help="portal clock speed-up")
    parser.add_argument(
        "--outage-speed",
        type=float,
        default=1.0,
        help="portal clock speed-up of the outage run: at 3 the relay's own CPU caps it near "
        "the steady rate, which hides any burst",
    )
    parser.add_argument("--runs", default="healthy,failing,outage", help="which runs, in order")
    args = parser.parse_args()
    lines = []
    for name in args.runs.split(","):
        if name == "healthy":
            result = await run(args.orders, args.speed, 0.0)
            print(describe("healthy", result, args.speed))
        elif name == "failing":
            result = await run(args.orders, args.speed, 0.01)
            print(describe("1% of batches 500 after executing", result, args.speed))
        elif name == "outage":
            speed = args.outage_speed
            result = await run(args.orders, speed, 0.0, outage=True)
            print(describe(f"down {OUTAGE:.0f} portal-s mid-run", result, speed))
        else:
            parser.error(f"unknown run {name!r}")
        lines.append(result.line())
    for line in lines:
        print(line)


if __name__ == "__main__":
    asyncio.run(main())
