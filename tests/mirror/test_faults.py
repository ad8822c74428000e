"""The mirror under a portal that is down, failing, dropping connections or rate-limiting."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from services.crm.mirror.mapping import load_mapping
from services.crm.mirror.outcomes import Policy
from services.crm.mirror.relay import RelayConfig
from services.orders import Stage
from services.storage.models import Order, OutboxMessage, StageTask
from tests.mirror.portal import client_for, comments, contacts, deals, relay_for, set_up, unsent
from tests.mirror.walk import MirrorShop


async def _drain(relay, rounds: int = 30) -> None:  # type: ignore[no-untyped-def]
    for _ in range(rounds):
        report = await relay.drain()
        if report.taken == 0:
            return


async def _statuses(factory) -> dict[str, int]:  # type: ignore[no-untyped-def]
    async with factory() as session:
        rows = (await session.scalars(select(OutboxMessage.status))).all()
    return {s: rows.count(s) for s in set(rows)}


async def _assert_once(portal, factory, order_ids: list[int]) -> None:  # type: ignore[no-untyped-def]
    async with factory() as session:
        mapping = await load_mapping(session)
        orders = [await session.get(Order, i) for i in order_ids]
        tasks = (await session.scalars(select(StageTask))).all()
    assert mapping is not None
    assert len(contacts(portal)) == 1
    assert len(portal.state.items.items[mapping.car_entity_type_id]) == 1
    assert sorted(int(d["ID"]) for d in deals(portal)) == sorted(o.bitrix_deal_id for o in orders)
    assert len(portal.state.tasks.rows) == len(tasks)
    for order in orders:
        texts = comments(portal, order.bitrix_deal_id)
        assert len(texts) == len(set(texts)), "a comment arrived twice"


async def test_portal_down_in_the_middle_then_everything_once(
    fake_portal, mirror_shop: MirrorShop, outbox_factory
) -> None:
    await set_up(fake_portal, outbox_factory)
    relay = relay_for(fake_portal, outbox_factory)
    try:
        client_id, car_id = await mirror_shop.client_and_car()
        order_id = await mirror_shop.new_order(client_id, car_id)
        await _drain(relay)
        await fake_portal.go_down()
        # The shop keeps working while the portal is away, and no step waits for it.
        started = asyncio.get_running_loop().time()
        for _ in range(3):
            await mirror_shop.advance(order_id)
        assert asyncio.get_running_loop().time() - started < 5
        await relay.run_once()
        assert (await _statuses(outbox_factory)).get("pending", 0) > 0
        await fake_portal.come_up()
        while await mirror_shop.stage(order_id) is not Stage.DONE:
            await mirror_shop.advance(order_id)
        await _drain(relay)
    finally:
        await relay.close()
        await relay.client.close()
    left = await unsent(outbox_factory)
    assert [
        (m.id, m.kind, m.entity_id, m.attempts, m.next_attempt_at, m.lease_until, m.last_error)
        for m in left
    ] == []
    await _assert_once(fake_portal, outbox_factory, [order_id])
    [deal] = deals(fake_portal)
    async with outbox_factory() as session:
        mapping = await load_mapping(session)
    assert deal["STAGE_ID"] == mapping.stages[Stage.DONE]


async def test_random_500s_and_drops_make_no_duplicates(
    fake_portal, mirror_shop: MirrorShop, outbox_factory
) -> None:
    await set_up(fake_portal, outbox_factory)
    fake_portal.faults.error_500(count=None, rate=0.2, after_execute=True)
    fake_portal.faults.error_500(count=None, rate=0.1)
    fake_portal.faults.drop(count=None, rate=0.1, after_execute=True)
    relay = relay_for(fake_portal, outbox_factory)
    try:
        client_id, car_id = await mirror_shop.client_and_car()
        orders = [await mirror_shop.new_order(client_id, car_id) for _ in range(2)]
        for order_id in orders:
            while await mirror_shop.stage(order_id) is not Stage.DONE:
                await mirror_shop.advance(order_id)
        await _drain(relay, rounds=60)
        fake_portal.faults.clear()
        await _drain(relay)
    finally:
        await relay.close()
        await relay.client.close()
    assert set(await _statuses(outbox_factory)) == {"done"}
    assert fake_portal.counters.faults_injected > 0
    await _assert_once(fake_portal, outbox_factory, orders)


async def test_tight_rate_limit_is_never_exceeded(
    fake_portal, mirror_shop: MirrorShop, outbox_factory
) -> None:
    await set_up(fake_portal, outbox_factory)
    # A bucket of 3 draining 20/s, empty at the start: the client knows the same numbers.
    fake_portal.bucket.configure(burst=3, drain=20.0)
    fake_portal.bucket.reset()
    fake_portal.counters.reset()
    relay = relay_for(fake_portal, outbox_factory, client=client_for(fake_portal, rate=20, burst=3))
    try:
        client_id, car_id = await mirror_shop.client_and_car()
        order_id = await mirror_shop.new_order(client_id, car_id)
        while await mirror_shop.stage(order_id) is not Stage.DONE:
            await mirror_shop.advance(order_id)
        await _drain(relay)
    finally:
        await relay.close()
        await relay.client.close()
    assert fake_portal.counters.rejected_503 == 0
    assert fake_portal.counters.requests > 3
    assert set(await _statuses(outbox_factory)) == {"done"}


async def test_two_relays_at_once_send_everything_once(
    fake_portal, mirror_shop: MirrorShop, outbox_factory
) -> None:
    await set_up(fake_portal, outbox_factory)
    client_id, car_id = await mirror_shop.client_and_car()
    orders = [await mirror_shop.new_order(client_id, car_id) for _ in range(3)]
    for order_id in orders:
        await mirror_shop.advance(order_id)
    relays = [relay_for(fake_portal, outbox_factory, owner=f"relay-{n}") for n in range(2)]
    try:
        for _ in range(10):
            await asyncio.gather(*(r.drain() for r in relays))
    finally:
        for relay in relays:
            await relay.close()
            await relay.client.close()
    assert set(await _statuses(outbox_factory)) == {"done"}
    await _assert_once(fake_portal, outbox_factory, orders)


async def test_old_sent_messages_are_pruned(fake_portal, mirror_shop, outbox_factory) -> None:
    from datetime import UTC, datetime, timedelta

    from services.crm.mirror.claims import prune

    await set_up(fake_portal, outbox_factory)
    await mirror_shop.client_and_car()
    relay = relay_for(fake_portal, outbox_factory)
    try:
        await _drain(relay)
    finally:
        await relay.close()
        await relay.client.close()
    assert await prune(outbox_factory, datetime.now(UTC) - timedelta(days=1)) == 0
    assert await prune(outbox_factory, datetime.now(UTC) + timedelta(seconds=1)) == 2
    assert await _statuses(outbox_factory) == {}


async def test_after_an_outage_the_relay_sends_again_at_once(
    fake_portal, mirror_shop: MirrorShop, outbox_factory
) -> None:
    """While the portal shows nginx's 503 page, messages spend no attempts and grow no backoff;
    the relay looks at the portal with one request now and then, and sends as soon as it is
    back."""
    await set_up(fake_portal, outbox_factory)
    policy = Policy(base_delay=5.0, max_delay=60.0, wait_delay=0.0, down_delay=0.2)
    relay = relay_for(fake_portal, outbox_factory, config=RelayConfig(policy=policy))
    try:
        client_id, car_id = await mirror_shop.client_and_car()
        await mirror_shop.new_order(client_id, car_id)
        fake_portal.faults.down()
        loop = asyncio.get_running_loop()
        until = loop.time() + 2.0
        while loop.time() < until:
            await relay.run_once()
            await asyncio.sleep(0.05)
        async with outbox_factory() as session:
            attempts = (await session.scalars(select(OutboxMessage.attempts))).all()
        assert set(attempts) == {0}
        refused = fake_portal.counters.faults_injected
        assert refused < 30  # a look every 0.2 s, not cycles of messages hammering it
        fake_portal.faults.clear()
        back = loop.time()
        while (await _statuses(outbox_factory)).get("pending", 0):
            assert loop.time() - back < 2.0, "the relay did not resume promptly"
            await relay.run_once()
            await asyncio.sleep(0.05)
    finally:
        await relay.close()
        await relay.client.close()
    assert set(await _statuses(outbox_factory)) == {"done"}
