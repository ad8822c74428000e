"""The Bitrix24 portal answering garbage: an HTML error page, JSON cut in half, JSON that is no
Bitrix24 answer, a result of the wrong type — before the call ran or after it was stored.

Every cycle of the relay completes (no exception escapes it, so `run_forever` never spins on
the same rows), messages are retried and then parked with a short readable reason, nothing is
lost: once the portal is sane again and the director retries the parked messages, everything
arrives exactly once (the syncs look up before creating, comments are looked for first).
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from services.crm.mirror.mapping import load_mapping
from services.crm.mirror.outcomes import Policy
from services.crm.mirror.queue import retry_parked
from services.crm.mirror.relay import RelayConfig
from services.storage.engine import create_session_factory
from services.storage.models import Order, OutboxMessage, StageTask
from tests.mirror.portal import comments, contacts, deals, relay_for, set_up
from tests.mirror.walk import MirrorShop

# Give up after a few tries, at once: the test is about where messages end, not about time.
QUICK = RelayConfig(
    policy=Policy(max_attempts=3, base_delay=0.0, max_delay=0.0, wait_delay=0.0),
    again_delay=0.0,
)


@pytest.mark.parametrize(
    ("kind", "after_execute"),
    [
        ("html", False),
        ("truncated", False),
        ("truncated", True),
        ("envelope", False),
        ("envelope", True),
        ("wrong_result", False),
        ("wrong_result", True),
    ],
)
async def test_garbage_is_parked_readably_then_sent_once(
    kind: str, after_execute: bool, fake_portal, session_factory, db_engine
):
    factory = create_session_factory(db_engine, outbox=True)
    await set_up(fake_portal, factory)
    shop = await MirrorShop.open(factory)
    client_id, car_id = await shop.client_and_car()
    order_id = await shop.new_order(client_id, car_id)
    await shop.advance(order_id)
    fake_portal.faults.garbage(kind, count=None, after_execute=after_execute)  # type: ignore[arg-type]
    relay = relay_for(fake_portal, factory, config=QUICK)
    try:
        for _ in range(40):  # an exception out of a cycle fails the test here
            report = await relay.run_once()
            if report.taken == 0:
                break
        async with factory() as session:
            rows = (await session.scalars(select(OutboxMessage))).all()
        assert {m.status for m in rows} == {"parked"}, [(m.kind, m.status) for m in rows]
        reasons = {m.last_error or "" for m in rows}
        for reason in reasons:
            assert reason and len(reason) < 300 and "\n" not in reason, reason
            assert "Traceback" not in reason and "<html" not in reason.lower(), reason
        # The syncs say what the portal did wrong; what waits for them says what it waits for.
        assert any("gave up after 3 attempts" in r and "HTTP" in r for r in reasons), reasons

        fake_portal.faults.clear()
        async with factory() as session:
            await retry_parked(session, relay.clock())
            await session.commit()
        await relay.drain()
    finally:
        await relay.close()
        await relay.client.close()

    async with factory() as session:
        statuses = set((await session.scalars(select(OutboxMessage.status))).all())
        mapping = await load_mapping(session)
        order = await session.get(Order, order_id)
        tasks = (await session.scalars(select(StageTask))).all()
    assert statuses == {"done"}
    assert mapping is not None and order is not None
    assert len(contacts(fake_portal)) == 1
    assert len(fake_portal.state.items.items[mapping.car_entity_type_id]) == 1
    assert [int(d["ID"]) for d in deals(fake_portal)] == [order.bitrix_deal_id]
    assert len(fake_portal.state.tasks.rows) == len(tasks)
    posted = comments(fake_portal, order.bitrix_deal_id)
    assert posted and len(posted) == len(set(posted)), posted
