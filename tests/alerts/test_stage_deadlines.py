"""A stage task is due when what it waits for can be done: receiving at the end of the working
day of the latest expected delivery, the pre-issue check at the booked appointment."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from aiogram.fsm.storage.memory import MemoryStorage
from sqlalchemy import select

from bot.app import build_bot, build_dispatcher
from bot.callbacks import OrderCallback
from bot.testing.fake_telegram import BotHarness, FakeTelegramSession
from services.alerts.config import AlertSettings
from services.normalize.dates import format_datetime
from services.orders import Stage
from services.orders.deadlines import Deadlines
from services.orders.parts import PART_ORDERED
from services.storage.models import Order, OrderPart, StageTask
from tests.alerts.conftest import TZ
from tests.conftest import make_settings
from tests.dialogs.conftest import HEAD, MASTER, STOREKEEPER, SUPPLIER

WORK_END = time(20, 0)  # WORK_HOURS_END's default


def _working_day(day: date) -> date:
    """`day`, or the Monday after it when it is a Sunday (WORK_DAYS' default is Mon–Sat)."""
    return day + timedelta(days=1) if day.isoweekday() == 7 else day


def _end_of(day: date) -> datetime:
    return datetime.combine(day, WORK_END, tzinfo=TZ).astimezone(UTC)


def _shown(moment: datetime) -> str:
    return format_datetime(moment, TZ, "ru")


async def _open_task(session_factory, order_id: int) -> StageTask:  # type: ignore[no-untyped-def]
    async with session_factory() as session:
        task = await session.scalar(
            select(StageTask).where(StageTask.order_id == order_id, StageTask.status == "open")
        )
        assert task is not None
        return task


async def _expected_date(session_factory, order_id: int) -> date:  # type: ignore[no-untyped-def]
    """When the vendor said the order's (one) part comes."""
    async with session_factory() as session:
        order = await session.get(Order, order_id)
        assert order is not None
        expected = order.parts[0].expected_date
    assert expected is not None
    return expected


async def test_receiving_is_due_at_the_end_of_the_latest_delivery_day(
    harness, shop, clock, make_jobs, session_factory
):
    order_id = await shop.order_at(Stage.PARTS_PURCHASE, parts=2)
    today = datetime.now(UTC).astimezone(TZ).date()
    later = _working_day(today + timedelta(days=5))
    purchase = OrderCallback(action="act", order_id=order_id, stage=Stage.PARTS_PURCHASE.value)
    await harness.tap(SUPPLIER, purchase.pack())
    await harness.send(SUPPLIER, "E-1")
    await harness.tap_button(SUPPLIER, "через 2 дн.")
    await harness.send(SUPPLIER, "A-2")
    await harness.tap_button(SUPPLIER, "другая дата…")
    await harness.send(SUPPLIER, f"{later:%d.%m.%Y}")
    assert "Заказ передан на этап «Ожидание поставки»." in harness.last_text(SUPPLIER)

    # The storekeeper's task waits for the later of the two deliveries, to the end of that day.
    due = _end_of(later)
    notice = harness.last_text(STOREKEEPER)
    assert f"🚚 Ожидание поставки · № {order_id}" in notice
    assert f"Новая задача, срок до {_shown(due)}" in notice
    assert (await _open_task(session_factory, order_id)).deadline == due
    await harness.send(STOREKEEPER, "✅ Мои задачи")
    assert f"№ {order_id} · Ожидание поставки · {_shown(due)}" in harness.screen(STOREKEEPER)

    # A day on, the parts are not due yet: nobody is told the task is overdue.
    jobs, _ = make_jobs()
    clock.advance(hours=25)
    assert await jobs.run("overdue") == 0


async def test_a_new_delivery_date_moves_the_receiving_deadline(
    harness, shop, clock, make_jobs, session_factory
):
    order_id = await shop.order_at(Stage.AWAITING_DELIVERY, parts=1)
    jobs, sender = make_jobs()
    expected = await _expected_date(session_factory, order_id)
    assert (await _open_task(session_factory, order_id)).deadline == _end_of(_working_day(expected))
    # On the expected day the supplier hears the part is not in, and gives the vendor's new date.
    clock.now = jobs.hours.at(expected, time(10, 0))
    assert await jobs.run("delivery") == 1
    await sender.drain()
    await harness.tap_button(SUPPLIER, "Новая дата")
    new_day = _working_day(expected + timedelta(days=7))
    await harness.send(SUPPLIER, f"{new_day:%d.%m.%Y}")
    assert "новая дата" in harness.last_text(SUPPLIER)

    due = _end_of(new_day)
    assert (await _open_task(session_factory, order_id)).deadline == due
    await harness.send(STOREKEEPER, "✅ Мои задачи")
    assert f"№ {order_id} · Ожидание поставки · {_shown(due)}" in harness.screen(STOREKEEPER)
    # The old date's end of day passes without an overdue alert.
    clock.now = _end_of(expected) + timedelta(hours=1)
    assert await jobs.run("overdue") == 0


async def test_pre_issue_check_is_due_at_the_booked_appointment(
    harness, shop, clock, make_jobs, session_factory
):
    order_id = await shop.order_at(Stage.AWAITING_DELIVERY, parts=1)
    async with session_factory() as session:
        order = await session.get(Order, order_id)
        assert order is not None and order.appointment_at is not None
        appointment = order.appointment_at
    receiving = OrderCallback(action="act", order_id=order_id, stage="AWAITING_DELIVERY")
    await harness.tap(STOREKEEPER, receiving.pack())
    await harness.tap_button(STOREKEEPER, "Колодки передние 0/1")
    await harness.tap_button(STOREKEEPER, "все 1")

    # The appointment is two days away: the master's check is due then, not in 24 hours.
    notice = harness.last_text(MASTER)
    assert f"🔍 Контроль перед выдачей · № {order_id}" in notice
    assert f"Новая задача, срок до {_shown(appointment)}" in notice
    assert (await _open_task(session_factory, order_id)).deadline == appointment
    jobs, _ = make_jobs()
    clock.advance(hours=25)
    assert await jobs.run("overdue") == 0


async def test_deadlines_keep_the_shops_own_hours(shop, session_factory, translator):
    """WORK_HOURS_END=18:00 and WORK_DAYS=1-5: a Saturday delivery is received on Monday."""
    settings = make_settings(
        alerts=AlertSettings(work_hours_end=time(18, 0), work_days="1,2,3,4,5")
    )
    storage = MemoryStorage()
    harness = BotHarness(
        build_dispatcher(settings, storage, session_factory, translator),
        build_bot(settings, session=(fake := FakeTelegramSession())),
        fake,
    )
    order_id = await shop.order_at(Stage.PARTS_PURCHASE, parts=1)
    today = datetime.now(UTC).astimezone(TZ).date()
    saturday = today + timedelta(days=(6 - today.isoweekday()) % 7 or 7)
    purchase = OrderCallback(action="act", order_id=order_id, stage=Stage.PARTS_PURCHASE.value)
    await harness.tap(SUPPLIER, purchase.pack())
    await harness.send(SUPPLIER, "E-1")
    await harness.tap_button(SUPPLIER, "другая дата…")
    await harness.send(SUPPLIER, f"{saturday:%d.%m.%Y}")
    monday = saturday + timedelta(days=2)
    due = datetime.combine(monday, time(18, 0), tzinfo=TZ).astimezone(UTC)
    assert f"Новая задача, срок до {_shown(due)}" in harness.last_text(STOREKEEPER)
    assert (await _open_task(session_factory, order_id)).deadline == due
    await storage.close()


async def test_a_new_delivery_date_clears_an_overdue_receiving_task(
    harness, shop, clock, make_jobs, session_factory
):
    """Receiving went «[Просрочено]»; the vendor's new date makes it a task on time again: off
    ⏰ Просрочки and the digest, no ⚠️ in ✅ Мои задачи."""
    order_id = await shop.order_at(Stage.AWAITING_DELIVERY, parts=1)
    jobs, sender = make_jobs()
    expected = await _expected_date(session_factory, order_id)
    clock.now = jobs.hours.at(expected, time(10, 0))
    assert await jobs.run("delivery") == 1
    await sender.drain()
    # The part does not come that day: the receiving task goes overdue.
    clock.now = _end_of(_working_day(expected)) + timedelta(hours=1)
    assert await jobs.run("overdue") >= 1
    await sender.drain()
    assert (await _open_task(session_factory, order_id)).overdue
    await harness.send(HEAD, "⏰ Просрочки")
    assert f"№ {order_id}" in harness.screen(HEAD)

    await harness.tap_button(SUPPLIER, "Новая дата")
    new_day = _working_day(expected + timedelta(days=7))
    await harness.send(SUPPLIER, f"{new_day:%d.%m.%Y}")
    assert "новая дата" in harness.last_text(SUPPLIER)

    task = await _open_task(session_factory, order_id)
    assert task.deadline == _end_of(new_day) and not task.overdue
    await harness.send(HEAD, "⏰ Просрочки")
    assert f"№ {order_id}" not in harness.screen(HEAD), harness.screen(HEAD)
    await harness.send(STOREKEEPER, "✅ Мои задачи")
    screen = harness.screen(STOREKEEPER)
    assert f"№ {order_id} · Ожидание поставки · {_shown(_end_of(new_day))}" in screen, screen
    assert "⚠️" not in screen, screen


def test_receiving_is_never_due_minutes_after_the_order():
    """Parts ordered at 19:55 for delivery «сегодня»: due at the end of the next working day,
    not at 20:00; ordered in the morning for today: due tonight."""
    deadlines = Deadlines()
    tuesday = date(2026, 12, 8)
    part = OrderPart(
        status=PART_ORDERED,
        expected_date=tuesday,
        quantity=Decimal(1),
        received_quantity=Decimal(0),
    )
    order = Order(parts=[part])
    evening = datetime.combine(tuesday, time(19, 55), tzinfo=TZ)
    assert deadlines.due(order, Stage.AWAITING_DELIVERY, evening) == _end_of(tuesday + timedelta(1))
    morning = datetime.combine(tuesday, time(9, 0), tzinfo=TZ)
    assert deadlines.due(order, Stage.AWAITING_DELIVERY, morning) == _end_of(tuesday)
