"""Exactly once: two scheduler instances at the same time, and a restart after downtime."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from services.orders import Stage
from services.storage.engine import create_engine, create_session_factory
from services.storage.models import AlertRecord, Notification
from tests.dialogs.conftest import DIRECTOR, HEAD, SUPPLIER


async def test_two_instances_on_postgresql_send_each_alert_once(
    harness, shop, clock, make_jobs, db_engine, session_factory
):
    if db_engine.dialect.name != "postgresql":
        pytest.skip("two processes racing need PostgreSQL's row locks")
    orders = [await shop.order_at(Stage.PARTS_PRICING) for _ in range(3)]
    other_engine = create_engine(db_engine.url.render_as_string(hide_password=False))
    try:
        one, sender = make_jobs()
        two, other_sender = make_jobs(create_session_factory(other_engine))
        clock.advance(hours=25)
        results = await asyncio.gather(
            *(jobs.run(name) for jobs in (one, two) for name in ("overdue", "overdue"))
        )
        assert sum(results) == 6  # 3 orders × (supplier + head)
        sent = await asyncio.gather(sender.drain(), other_sender.drain())
        assert sum(sent) == 6  # both senders at once: each message goes once
    finally:
        await other_engine.dispose()
    for person in (SUPPLIER, HEAD):
        texts = [m.text for m in harness.session.chats[person.id].values()]
        assert sum("[Просрочено]" in t for t in texts) == len(orders)


async def test_restart_after_downtime_catches_up_once(
    harness, shop, clock, make_jobs, session_factory
):
    await shop.order_at(Stage.AWAITING_DELIVERY)  # parts expected in 3 days
    jobs, sender = make_jobs()
    # The bot was down for days: tasks overdue, parts late, digests missed; back at 14:00.
    clock.now = (clock.now + timedelta(days=6)).astimezone(jobs.hours.tz).replace(hour=14)
    first = await jobs.run_all()
    assert await jobs.run_all() == 0
    await sender.drain()
    async with session_factory() as session:
        kinds = dict(
            (
                await session.execute(
                    select(AlertRecord.kind, func.count()).group_by(AlertRecord.kind)
                )
            ).all()
        )
        queued = await session.scalar(select(func.count()).select_from(Notification))
    # One overdue round, one (latest) check per part, one digest — not one per missed day.
    assert kinds == {"overdue": 1, "delivery": 2, "digest": 1}
    assert first == queued
    assert "Сводка" in harness.last_text(DIRECTOR)
    assert "Опаздывает" in harness.last_text(SUPPLIER)
