"""A stage task past its deadline: closed as overdue, a "[Просрочено]" task, alerts."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from services.crm.outbox.kinds import Kind
from services.orders import Stage
from services.storage.engine import create_session_factory
from services.storage.models import OutboxMessage, StageTask
from tests.dialogs.conftest import HEAD, SUPPLIER


async def _tasks(session_factory, order_id):  # type: ignore[no-untyped-def]
    async with session_factory() as session:
        rows = await session.scalars(
            select(StageTask).where(StageTask.order_id == order_id).order_by(StageTask.id)
        )
        return list(rows.all())


async def test_overdue_once_then_twice(harness, shop, clock, make_jobs, session_factory):
    order_id = await shop.order_at(Stage.PARTS_PRICING)
    jobs, sender = make_jobs()
    clock.advance(hours=23)
    assert await jobs.run("overdue") == 0
    clock.advance(hours=2)
    assert await jobs.run("overdue") == 2  # the offered supplier and the head
    assert await jobs.run("overdue") == 0  # a second scan finds it done
    decided = clock.now
    await sender.drain()
    first, second = await _tasks(session_factory, order_id)
    assert (first.status, second.status, second.overdue) == ("overdue", "open", True)
    assert second.deadline == decided + timedelta(hours=24)
    assert "[Просрочено]" in harness.last_text(SUPPLIER)
    assert "[Просрочено]" in harness.last_text(HEAD)
    assert "Калькуляция запчастей" in harness.last_text(HEAD)

    clock.advance(hours=24, minutes=1)
    assert await jobs.run("overdue") == 2
    tasks = await _tasks(session_factory, order_id)
    assert [t.status for t in tasks] == ["overdue", "overdue", "open"]
    assert tasks[-1].overdue


async def test_new_task_is_mirrored_when_a_portal_is_configured(shop, clock, make_jobs, db_engine):
    order_id = await shop.order_at(Stage.PARTS_PRICING)
    factory = create_session_factory(db_engine, outbox=True)
    jobs, _ = make_jobs(factory)
    clock.advance(hours=25)
    await jobs.run("overdue")
    tasks = await _tasks(factory, order_id)
    async with factory() as session:
        synced = await session.scalars(
            select(OutboxMessage.entity_id).where(OutboxMessage.kind == Kind.TASK_SYNC.value)
        )
        assert {t.id for t in tasks} <= set(synced.all())


async def test_alert_waits_for_the_working_day(harness, shop, clock, make_jobs):
    await shop.order_at(Stage.PARTS_PRICING)
    jobs, sender = make_jobs(work_hours_start="09:00", work_hours_end="20:00")
    clock.advance(hours=25)
    local = clock.now.astimezone(jobs.hours.tz)
    # Move to 23:30 shop time on a working day: the alert is decided, but held till 09:00.
    target = local.replace(hour=23, minute=30)
    while target.isoweekday() not in jobs.hours.days or target < local:
        target += timedelta(days=1)
    clock.now = target
    before = len(harness.session.calls)
    assert await jobs.run("overdue") == 2
    assert await sender.drain() == 0
    assert len(harness.session.calls) == before
    clock.now = jobs.hours.defer(clock.now)
    assert clock.now.astimezone(jobs.hours.tz).hour == 9
    assert await sender.drain() == 2
