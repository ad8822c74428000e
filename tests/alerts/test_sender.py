"""The sender keeps Telegram's limits, survives RetryAfter and errors, loses nothing."""

from __future__ import annotations

import itertools
from collections import defaultdict
from datetime import timedelta

from aiogram.exceptions import (
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
)
from aiogram.methods import SendMessage
from sqlalchemy import event, select

from bot.alerts.sender import Sender
from services.alerts import queue
from services.staff.roles import Role
from services.storage.models import Notification, UnreachableEmployee
from tests.dialogs.conftest import DIRECTOR, MASTER


def _record_sends(harness, clock):  # type: ignore[no-untyped-def]
    sent: list[tuple[object, int]] = []
    original = harness.session.make_request

    async def make_request(bot, method, **kwargs):  # type: ignore[no-untyped-def]
        result = await original(bot, method, **kwargs)
        if isinstance(method, SendMessage):
            sent.append((clock.now, int(method.chat_id)))
        return result

    harness.session.make_request = make_request
    return sent


async def _queue(session_factory, clock, chats):  # type: ignore[no-untyped-def]
    async with session_factory() as session:
        for n, chat in enumerate(chats):
            queue.enqueue(session, chat_id=chat, text=f"alert {n}", now=clock.now)
        await session.commit()


def _sender(harness, session_factory, translator, clock):  # type: ignore[no-untyped-def]
    return Sender(harness.bot, session_factory, translator, clock=clock, sleep=clock.sleep)


async def test_one_chat_gets_one_message_a_second(harness, session_factory, translator, clock):
    sent = _record_sends(harness, clock)
    await _queue(session_factory, clock, [500] * 100)
    assert await _sender(harness, session_factory, translator, clock).drain() == 100
    times = [t for t, _ in sent]
    assert len(times) == 100
    assert all(b - a >= timedelta(seconds=1) for a, b in itertools.pairwise(times))
    texts = [m.text for m in harness.session.chats[500].values()]
    assert texts == [f"alert {n}" for n in range(100)]  # in order


async def test_many_chats_stay_under_thirty_a_second(harness, session_factory, translator, clock):
    sent = _record_sends(harness, clock)
    await _queue(session_factory, clock, [1000 + n % 150 for n in range(300)])
    assert await _sender(harness, session_factory, translator, clock).drain() == 300
    per_chat = defaultdict(list)
    for when, chat in sent:
        per_chat[chat].append(when)
    for times in per_chat.values():
        assert all(b - a >= timedelta(seconds=1) for a, b in itertools.pairwise(times))
    for i in range(len(sent) - 30):
        assert sent[i + 30][0] - sent[i][0] >= timedelta(seconds=1)  # ≤ 30 in any second
    total = (sent[-1][0] - sent[0][0]).total_seconds()
    assert total < 15  # paced, not serialised per chat


async def test_retry_after_and_network_errors_lose_nothing(
    harness, session_factory, translator, clock
):
    await _queue(session_factory, clock, [700, 701, 702])
    harness.session.fail_next(TelegramRetryAfter(SendMessage(chat_id=700, text="x"), "flood", 7))
    harness.session.fail_next(TelegramNetworkError(SendMessage(chat_id=700, text="x"), "down"))
    sender = _sender(harness, session_factory, translator, clock)
    start = clock.now
    assert await sender.drain() == 2
    assert clock.now - start >= timedelta(seconds=7)  # waited as Telegram asked
    clock.advance(seconds=5)  # the network error's back-off
    assert await sender.drain() == 1
    async with session_factory() as session:
        statuses = (await session.scalars(select(Notification.status))).all()
    assert statuses == ["sent"] * 3


async def test_blocked_bot_marks_unreachable_and_tells_the_director_once(
    harness, shop, session_factory, translator, clock
):
    master = shop.employee(Role.MASTER)
    async with session_factory() as session:
        for n in range(2):
            queue.enqueue(
                session, chat_id=MASTER.id, employee_id=master.id, text=f"m{n}", now=clock.now
            )
        await session.commit()
    blocked = TelegramForbiddenError(SendMessage(chat_id=MASTER.id, text="x"), "bot was blocked")
    harness.session.fail_next(blocked)
    harness.session.fail_next(blocked)
    sender = _sender(harness, session_factory, translator, clock)
    await sender.drain()
    told = [m.text for m in harness.session.chats[DIRECTOR.id].values()]
    assert len(told) == 1 and "заблокировал" in told[0]
    async with session_factory() as session:
        assert await session.get(UnreachableEmployee, master.id) is not None

    # They unblock the bot: the next message reaches them and clears the mark, so a later
    # block is news to the director again.
    async with session_factory() as session:
        queue.enqueue(session, chat_id=MASTER.id, employee_id=master.id, text="m2", now=clock.now)
        await session.commit()
    assert await sender.drain() == 1
    async with session_factory() as session:
        assert await session.get(UnreachableEmployee, master.id) is None
        queue.enqueue(session, chat_id=MASTER.id, employee_id=master.id, text="m3", now=clock.now)
        await session.commit()
    harness.session.fail_next(blocked)
    await sender.drain()
    assert len(harness.session.chats[DIRECTOR.id]) == 2


async def test_a_drain_marks_every_message_sent(harness, session_factory, translator, clock):
    """How many statements and commits a drain takes: `python -m bench.statements`."""
    await _queue(session_factory, clock, [700, 701, 702])
    assert await _sender(harness, session_factory, translator, clock).drain() == 3
    async with session_factory() as session:
        rows = (await session.scalars(select(Notification))).all()
    assert {(r.status, r.sent_at is not None) for r in rows} == {(queue.SENT, True)}


def _statements(engine) -> list[str]:  # type: ignore[no-untyped-def]
    """What the engine sends from now on (the listener lives as long as the engine)."""
    seen: list[str] = []
    event.listen(
        engine.sync_engine, "before_cursor_execute", lambda *a: seen.append(a[2]), named=False
    )
    return seen


async def test_a_fresh_lease_is_not_renewed_a_run_down_one_is(
    harness, shop, session_factory, translator, clock, db_engine
):
    master = shop.employee(Role.MASTER)
    async with session_factory() as session:
        for n in range(4):  # one chat: a message a second
            queue.enqueue(
                session, chat_id=MASTER.id, employee_id=master.id, text=f"m{n}", now=clock.now
            )
        await session.commit()
    statements = _statements(db_engine)
    assert await _sender(harness, session_factory, translator, clock).drain() == 4

    def renewals() -> list[str]:  # the claim sets leases too, but not where one matches
        return [s for s in statements if "SET lease_until" in s and "lease_until =" in s]

    assert renewals() == []

    async def slow(seconds: float) -> None:  # a stalled network: 20 s between two messages
        await clock.sleep(seconds + 20)

    async with session_factory() as session:
        for n in range(3):
            queue.enqueue(
                session, chat_id=MASTER.id, employee_id=master.id, text=f"s{n}", now=clock.now
            )
        await session.commit()
    statements.clear()
    sender = Sender(harness.bot, session_factory, translator, clock=clock, sleep=slow)
    assert await sender.drain() == 3
    # The first goes out on a fresh lease; the next two after 21 s and 42 s, renewed first.
    assert len(renewals()) == 2


async def test_a_sender_that_died_mid_send_loses_nothing(
    harness, session_factory, translator, clock
):
    await _queue(session_factory, clock, [800, 801])
    async with session_factory() as session:
        leased = await queue.claim_due(session, clock.now, 10)  # taken, then the process died
        await session.commit()
    assert len(leased) == 2
    sender = _sender(harness, session_factory, translator, clock)
    assert await sender.drain() == 0  # still leased by the dead process
    clock.advance(seconds=61)
    assert await sender.drain() == 2
    assert [m.text for m in harness.session.chats[800].values()] == ["alert 0"]


async def test_messages_queued_together_come_back_in_order_and_are_sent(
    harness, session_factory, translator, clock
):
    """`enqueue_many` (a new order's notices to every supplier): one INSERT, the ids in the
    order of the messages, each row pending and due now, then sent as any other."""
    messages = [
        queue.Outgoing(700 + n, f"notice {n}", None, {"inline_keyboard": []}) for n in range(12)
    ]
    async with session_factory() as session:
        ids = await queue.enqueue_many(session, messages, clock.now)
        await session.commit()
    async with session_factory() as session:
        rows = {r.id: r for r in await session.scalars(select(Notification))}
    assert [(rows[i].chat_id, rows[i].text) for i in ids] == [(m.chat_id, m.text) for m in messages]
    assert {(r.status, r.attempts, r.next_attempt_at) for r in rows.values()} == {
        (queue.PENDING, 0, clock.now)
    }
    assert await _sender(harness, session_factory, translator, clock).drain() == 12
    assert harness.session.chats[711][max(harness.session.chats[711])].text == "notice 11"
