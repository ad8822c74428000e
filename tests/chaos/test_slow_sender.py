"""Two bot processes send the notification queue; one of them is slow (a long backlog to one
chat at one message a second, a stalled network) and its lease runs out mid-batch. The other
takes the rest over; the slow one must then not send those again: each message goes out once.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from aiogram.methods import SendMessage

from bot.alerts.sender import Sender
from services.alerts import queue
from tests.alerts.conftest import FakeClock

CHAT = 900


async def test_a_sender_whose_lease_ran_out_does_not_send_what_another_took(
    harness, session_factory, translator
):
    clock = FakeClock()
    async with session_factory() as session:
        for n in range(5):
            queue.enqueue(session, chat_id=CHAT, text=f"alert {n}", now=clock.now)
        await session.commit()

    delivered: list[str] = []
    original = harness.session.make_request

    async def make_request(bot, method, **kwargs):  # type: ignore[no-untyped-def]
        if isinstance(method, SendMessage):
            delivered.append(method.text)
        return await original(bot, method, **kwargs)

    harness.session.make_request = make_request

    def sender(sleep) -> Sender:  # type: ignore[no-untyped-def]
        return Sender(
            harness.bot,
            session_factory,
            translator,
            clock=clock,
            sleep=sleep,
            chat_interval=1,
            lease=timedelta(seconds=60),
        )

    other = sender(clock.sleep)
    stalled = False

    async def stall(seconds: float) -> None:
        # Between two messages to the chat the slow one stalls past its lease, and the other
        # process takes the rest of the batch and sends it.
        nonlocal stalled
        if not stalled:
            stalled = True
            clock.advance(seconds=61)
            assert await other.drain() == 4
        await clock.sleep(seconds)

    await sender(stall).drain()
    assert stalled
    counts = Counter(delivered)
    assert sorted(counts) == [f"alert {n}" for n in range(5)]
    assert set(counts.values()) == {1}, counts
