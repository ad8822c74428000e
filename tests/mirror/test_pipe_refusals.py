"""A command the portal refuses for good costs only its own message, not its batch-mates."""

from __future__ import annotations

import asyncio

from services.crm.bitrix24 import InvalidRequest, NotFound
from services.crm.mirror.pipe import Call, Pipe, Step
from services.storage.models import Order
from tests.mirror.portal import client_for, relay_for, set_up, unsent
from tests.mirror.walk import MirrorShop


async def test_a_refused_command_does_not_hold_back_the_rest_of_its_batch(fake_portal) -> None:
    deals = fake_portal.state.deals
    ids = [deals.create({"TITLE": f"Deal {n}"}, emit=False) for n in range(40)]
    # Every fourth deal was deleted in the portal: its update is refused every time.
    gone = set(ids[::4])
    for deal_id in gone:
        del deals.rows[deal_id]
    async with client_for(fake_portal) as client:
        pipe = Pipe(client)
        try:
            outcomes = await asyncio.gather(
                *(pipe.call("crm.deal.update", {"id": i, "fields": {"TITLE": "new"}}) for i in ids),
                return_exceptions=True,
            )
        finally:
            await pipe.close()
    refused = {i for i, o in zip(ids, outcomes, strict=True) if isinstance(o, Exception)}
    assert refused == gone
    assert all(isinstance(o, NotFound) for o in outcomes if isinstance(o, Exception))
    assert [deals.rows[i]["TITLE"] for i in ids if i not in gone] == ["new"] * 30
    # One batch of 40: nothing skipped, nothing sent twice.
    assert fake_portal.counters.batches == 1
    assert fake_portal.counters.per_method["crm.deal.update"] == 30


async def test_a_command_using_a_refused_result_never_runs(fake_portal) -> None:
    async with client_for(fake_portal) as client:
        pipe = Pipe(client)
        try:
            # No title: the portal refuses the task, so there is no task id to complete.
            refused, done = await asyncio.gather(
                pipe.chain(
                    [
                        Call("tasks.task.add", {"fields": {"RESPONSIBLE_ID": 1}}),
                        Call("tasks.task.complete", {"taskId": Step(0)["task"]["id"]}),
                    ]
                ),
                pipe.chain(
                    [
                        Call("tasks.task.add", {"fields": {"TITLE": "A", "RESPONSIBLE_ID": 1}}),
                        Call("tasks.task.complete", {"taskId": Step(0)["task"]["id"]}),
                    ]
                ),
            )
        finally:
            await pipe.close()
    assert isinstance(refused.error, InvalidRequest) and refused.results == []
    assert done.ok and len(done.results) == 2
    assert fake_portal.counters.per_method["tasks.task.complete"] == 1
    [task] = fake_portal.state.tasks.rows.values()
    assert task["STATUS"] in ("5", 5)


async def test_deals_deleted_in_the_portal_park_only_their_own_messages(
    fake_portal, mirror_shop: MirrorShop, outbox_factory
) -> None:
    await set_up(fake_portal, outbox_factory)
    orders = []
    for n in range(8):
        client_id, car_id = await mirror_shop.client_and_car(
            phone=f"+7916123450{n}", vin=f"WBAKS41050000000{n}"
        )
        orders.append(await mirror_shop.new_order(client_id, car_id))
    relay = relay_for(fake_portal, outbox_factory)
    try:
        await relay.drain()
        async with outbox_factory() as session:
            deal_of = {i: (await session.get(Order, i)).bitrix_deal_id for i in orders}
        gone = {deal_of[i] for i in orders[1::3]}
        for deal_id in gone:
            del fake_portal.state.deals.rows[deal_id]
        for order_id in orders:
            await mirror_shop.advance(order_id)
        fake_portal.counters.reset()
        await relay.drain()
    finally:
        await relay.close()
        await relay.client.close()
    left = await unsent(outbox_factory)
    # Parked, with the reason for the director; the other orders' messages all went.
    assert {m.entity_id for m in left} == set(orders[1::3])
    assert {m.status for m in left} == {"parked"}
    reasons = {m.last_error for m in left if m.kind == "deal.sync"}
    assert reasons == {"Bitrix24 refused: crm.deal.update: <no code>: Not found"}
    rows = fake_portal.state.deals.rows
    stages = {rows[deal_of[i]]["STAGE_ID"].split(":")[1] for i in orders if deal_of[i] not in gone}
    assert stages == {"LABOUR_PRICING"}
    # Nothing was skipped and sent again, so no tail of nearly empty batches.
    assert fake_portal.counters.rejected_503 == 0
    assert fake_portal.counters.batches <= 5  # 9 when every refusal halted its batch
