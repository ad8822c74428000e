"""A bot process killed with SIGKILL while the Bitrix24 relay holds claimed outbox rows (the
portal hangs, so the relay is mid-call) and while notifications are being sent (the Bot API
hangs on sendMessage before delivering). The next start sends everything exactly once: one
contact, car and deal, each task and comment once; each notification delivered once.

How exactly-once holds, and where it does not: a claimed row is leased (BITRIX24_LEASE_SECONDS,
NOTIFY_LEASE_SECONDS, short here); a killed process leaves the lease to run out, and the next
process takes the row again. For Bitrix24 that is safe even when the dead relay's call did run
(this test lets the hung calls finish after the kill, as the real portal would): every sync
looks the entity up by our id before creating it, and a comment is looked for before it is
posted again. For Telegram it is at-least-once: a message Telegram delivered but whose
success we had not recorded when the process died is sent again after the lease; Telegram
has no idempotency key to prevent that. Here the hung sendMessage never delivers, so each
notification must arrive exactly once.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import or_, select

from services.alerts import queue
from services.crm.mirror.mapping import load_mapping
from services.storage.engine import create_session_factory
from services.storage.models import Notification, Order, OutboxMessage, StageTask
from tests.chaos.bot_process import BotProcess, FakeBotApi
from tests.mirror.portal import comments, contacts, deals, set_up
from tests.mirror.walk import PEOPLE, MirrorShop
from tests.waits import polled

LEASE_SECONDS = "2"


async def _both_held(api: FakeBotApi, portal_holding: asyncio.Event) -> None:
    """Until a sendMessage and a portal call are held at the same moment (either may have been
    let go while the other was awaited: a client that gave up on it, then tried again)."""
    while not (api.holding.is_set() and portal_holding.is_set()):
        await asyncio.gather(api.holding.wait(), portal_holding.wait())


async def test_sigkill_mid_relay_and_mid_send_then_everything_once(
    tmp_path: Path, fake_portal, session_factory, db_engine
):
    api = FakeBotApi()
    await api.start()
    env = _env(db_engine, api, fake_portal)
    first, second = BotProcess(tmp_path, env), BotProcess(tmp_path, env)
    try:
        # Both import while the shop is set up; they touch nothing until `go()`.
        await first.spawn()
        await second.spawn()
        factory = create_session_factory(db_engine, outbox=True)
        order_id, texts = await _order_and_notices(fake_portal, factory)
        await _killed_mid_call(first, api, fake_portal, factory)

        # The portal finishes what the dead relay asked for; Telegram is reachable again.
        fake_portal.faults.clear()
        api.hang_send = False
        second.go()
        all_sent = _all_sent(factory, texts)
        await second.until(polled(all_sent), "everything to be sent after the restart")
        await second.stop()
    finally:
        await first.kill()
        await second.kill()
        await api.stop()
    await _everything_once(factory, fake_portal, api, order_id, texts)


def _env(db_engine, api: FakeBotApi, fake_portal) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {
        "DATABASE_URL": db_engine.url.render_as_string(hide_password=False),
        "TELEGRAM_API_URL": api.url,
        "BITRIX24_WEBHOOK_URL": fake_portal.webhook_url,
        "BITRIX24_LEASE_SECONDS": LEASE_SECONDS,
        # The relay's call is held until the test lets it go: the client must not give up on
        # it first (the most it allows), however long the machine takes to reach the kill.
        "BITRIX24_TIMEOUT": "120",
        "NOTIFY_LEASE_SECONDS": LEASE_SECONDS,
        "NOTIFY_CHAT_INTERVAL": "0",
    }


async def _order_and_notices(fake_portal, factory):  # type: ignore[no-untyped-def]
    """An order moved a stage on, in the outbox, and a notice for each person in the queue."""
    await set_up(fake_portal, factory)
    shop = await MirrorShop.open(factory)
    client_id, car_id = await shop.client_and_car()
    order_id = await shop.new_order(client_id, car_id)
    await shop.advance(order_id)  # a stage move: its comment, one task closed, one opened
    texts = {tg: f"Уведомление для {name}" for tg, name, _ in PEOPLE.values()}
    async with factory() as session:
        for tg, text in texts.items():
            queue.enqueue(session, chat_id=tg, text=text, now=datetime.now(UTC))
        await session.commit()
        outbox_rows = len((await session.scalars(select(OutboxMessage.id))).all())
    assert outbox_rows >= 4
    return order_id, texts


async def _killed_mid_call(first: BotProcess, api: FakeBotApi, fake_portal, factory) -> None:  # type: ignore[no-untyped-def]
    # Every portal call and every sendMessage is held until the test lets it go.
    fake_portal.faults.hang(count=None)
    api.hang_send = True
    first.go()
    # However long the start takes on a busy machine, the kill lands mid-call: the test
    # waits for both requests to be held, and they are held until it lets them go.
    mid_call = _both_held(api, fake_portal.faults.holding)
    await first.until(mid_call, "the relay and the sender to be mid-call")
    await first.kill()
    async with factory() as session:
        held = (await session.scalars(select(OutboxMessage))).all()
        notes = (await session.scalars(select(Notification))).all()
    assert any(m.lease_until is not None for m in held), first.log
    assert {m.status for m in held} == {"pending"}
    assert {n.status for n in notes} == {"pending"}
    assert any(n.lease_until is not None for n in notes)
    assert api.delivered == []


def _all_sent(factory, texts: dict[int, str]):  # type: ignore[no-untyped-def]
    async def all_sent() -> bool:
        # What is due now, and the messages queued above in any case. The processes may
        # have queued the directors' morning digest, which outside work hours (a weekend,
        # an evening) waits for the next working morning: not for this restart to send.
        due = or_(
            Notification.next_attempt_at <= datetime.now(UTC),
            Notification.text.in_(list(texts.values())),
        )
        async with factory() as session:
            outbox = set((await session.scalars(select(OutboxMessage.status))).all())
            sent = set((await session.scalars(select(Notification.status).where(due))).all())
        return outbox == {"done"} and sent == {"sent"}

    return all_sent


async def _everything_once(factory, fake_portal, api, order_id: int, texts) -> None:  # type: ignore[no-untyped-def]
    async with factory() as session:
        mapping = await load_mapping(session)
        order = await session.get(Order, order_id)
        tasks = (await session.scalars(select(StageTask))).all()
    assert mapping is not None and order is not None
    assert len(contacts(fake_portal)) == 1
    assert len(fake_portal.state.items.items[mapping.car_entity_type_id]) == 1
    assert [int(d["ID"]) for d in deals(fake_portal)] == [order.bitrix_deal_id]
    assert len(fake_portal.state.tasks.rows) == len(tasks)
    posted = comments(fake_portal, order.bitrix_deal_id)
    assert posted and len(posted) == len(set(posted)), posted
    delivered = Counter((int(m["chat_id"]), m["text"]) for m in api.delivered)
    assert all(n == 1 for n in delivered.values()), delivered
    assert {pair for pair in delivered if pair[1] in texts.values()} == set(texts.items())
