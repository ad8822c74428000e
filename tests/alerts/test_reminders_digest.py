"""Appointment reminders at 19:00 the day before and 2 h before; the director's digest."""

from __future__ import annotations

from datetime import time, timedelta

from sqlalchemy import select, update

from services.alerts.digest import build_digest
from services.orders import OrderWork, Stage
from services.orders.use_cases import cancel
from services.staff.roles import Role
from services.storage.models import Employee, Order, OrderPart, StageTask
from tests.dialogs.conftest import DIRECTOR, MASTER


async def _appointment(session_factory, order_id):  # type: ignore[no-untyped-def]
    async with session_factory() as session:
        return (await session.get(Order, order_id)).appointment_at


async def test_reminders_evening_before_and_two_hours_before(
    harness, shop, clock, make_jobs, session_factory
):
    order_id = await shop.order_at(Stage.PARTS_PURCHASE)
    at = await _appointment(session_factory, order_id)
    jobs, sender = make_jobs()
    evening = jobs.hours.at(jobs.hours.local_date(at) - timedelta(days=1), time(19, 0))
    clock.now = evening - timedelta(minutes=1)
    assert await jobs.run("reminders") == 0
    clock.now = evening
    assert await jobs.run("reminders") == 1
    assert await jobs.run("reminders") == 0
    await sender.drain()
    text = harness.last_text(MASTER)
    assert "⏰ Завтра запись" in text and "+7 916 123-45-67" in text and "Иван Петров" in text
    assert f"№ {order_id}" in text and "[ Открыть ]" in harness.screen(MASTER)
    clock.now = at - timedelta(hours=2, minutes=1)
    assert await jobs.run("reminders") == 0
    clock.now = at - timedelta(hours=2)
    assert await jobs.run("reminders") == 1
    await sender.drain()
    assert "⏰ Скоро приезжает клиент" in harness.last_text(MASTER)
    clock.now = at + timedelta(minutes=1)
    assert await jobs.run("reminders") == 0  # past the appointment: nothing more


async def test_digest_figures_on_a_known_data_set(harness, shop, clock, make_jobs, session_factory):
    pricing = await shop.order_at(Stage.PARTS_PRICING)
    waiting = await shop.order_at(Stage.AWAITING_DELIVERY)
    cancelled = await shop.order_at(Stage.LABOUR_PRICING)
    jobs, sender = make_jobs()
    async with session_factory() as session:
        director = await session.get(Employee, shop.employee(Role.DIRECTOR).id)
        await cancel(
            OrderWork(session),
            director,
            cancelled,
            reason="клиент передумал",
            seen_stage=Stage.LABOUR_PRICING,
        )
        created = (await session.get(Order, pricing)).created_at
        today = jobs.hours.local_date(created) + timedelta(days=1)
        late = today - timedelta(days=2)
        parts = (
            await session.scalars(
                select(OrderPart).where(OrderPart.order_id == waiting).order_by(OrderPart.id)
            )
        ).all()
        parts[0].expected_date = late
        parts[1].expected_date, parts[1].vendor = late, "Автодок"
        await session.execute(
            # Both late whatever the hour the test runs at (a task's own deadline is a day
            # after the real clock, so from 09:00 on it would still be open tomorrow at 09:00).
            update(StageTask)
            .where(StageTask.order_id.in_((pricing, waiting)))
            .values(deadline=created - timedelta(hours=1))
        )
        await session.commit()
    clock.now = jobs.hours.at(today, time(9, 0))
    async with session_factory() as session:
        digest = await build_digest(session, clock.now, jobs.hours)
    assert (digest.opened, digest.closed, digest.cancelled) == (3, 0, 1)
    assert digest.by_stage == {"PARTS_PRICING": 1, "AWAITING_DELIVERY": 1}
    assert digest.overdue_by_person == {"": 2}  # pricing and receiving, neither taken
    assert digest.late_by_vendor == {"Emex": 1, "Автодок": 1}

    clock.now -= timedelta(minutes=1)
    assert await jobs.run("digest") == 0  # before 09:00
    clock.now += timedelta(minutes=1)
    assert await jobs.run("digest") == 1
    assert await jobs.run("digest") == 0
    await sender.drain()
    text = harness.last_text(DIRECTOR)
    assert "Вчера: открыто 3, завершено 0, отменено 1." in text
    assert "Калькуляция запчастей: 1" in text and "не взята: 2" in text
    assert "Автодок: 1" in text


async def test_head_sees_overdue_tasks_by_person(harness, shop, session_factory):
    from tests.dialogs.conftest import HEAD

    order_id = await shop.order_at(Stage.PARTS_PRICING)
    async with session_factory() as session:
        task = await session.scalar(select(StageTask).where(StageTask.order_id == order_id))
        task.deadline = task.created_at - timedelta(hours=1)
        await session.commit()
    await harness.send(HEAD, "⏰ Просрочки")
    screen = harness.screen(HEAD)
    assert "Просроченные задачи" in screen and "<b>не взята (снабженец)</b> — 1" in screen
    assert f"№ {order_id} · Калькуляция запчастей" in screen
    assert f"[ № {order_id} ]" in screen
