"""The Bitrix24 task's DEADLINE is the bot's: receiving waits for the deliveries, and follows a
supplier's new date."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from services.alerts.answers import new_date
from services.orders import OrderWork, Stage
from services.staff.roles import Role
from services.storage.models import Employee, Order, StageTask
from tests.mirror.portal import drain, set_up
from tests.mirror.walk import MirrorShop

TZ = ZoneInfo("Europe/Moscow")  # SHOP_TIMEZONE's default


def _end_of_work(day: date) -> datetime:
    """20:00 shop time (WORK_HOURS_END) of `day`, or of the Monday after a Sunday."""
    if day.isoweekday() == 7:
        day += timedelta(days=1)
    return datetime.combine(day, time(20, 0), tzinfo=TZ).astimezone(UTC)


async def _receiving(outbox_factory, order_id: int) -> StageTask:  # type: ignore[no-untyped-def]
    async with outbox_factory() as session:
        task = await session.scalar(
            select(StageTask).where(
                StageTask.order_id == order_id,
                StageTask.stage == Stage.AWAITING_DELIVERY.value,
                StageTask.status == "open",
            )
        )
        assert task is not None and task.bitrix_task_id is not None
        return task


def _portal_deadline(fake_portal, task: StageTask) -> datetime:  # type: ignore[no-untyped-def]
    row = fake_portal.state.tasks.rows[task.bitrix_task_id]
    return row["DEADLINE"]


async def test_receiving_deadline_is_mirrored_and_follows_a_new_date(
    fake_portal, mirror_shop: MirrorShop, outbox_factory
) -> None:
    await set_up(fake_portal, outbox_factory)
    order_id = await mirror_shop.order_at(Stage.AWAITING_DELIVERY)
    await drain(fake_portal, outbox_factory)
    task = await _receiving(outbox_factory, order_id)
    expected = _end_of_work(date.today() + timedelta(days=3))  # the walk's delivery date
    assert task.deadline == expected
    assert _portal_deadline(fake_portal, task) == expected

    new_day = date.today() + timedelta(days=9)
    async with outbox_factory() as session:
        supplier = await session.get(Employee, mirror_shop.staff[Role.SUPPLIER])
        order = await session.get(Order, order_id)
        assert supplier is not None and order is not None
        for part in order.parts:
            await new_date(OrderWork(session), supplier, part.id, new_day)
    await drain(fake_portal, outbox_factory)
    task = await _receiving(outbox_factory, order_id)
    assert task.deadline == _end_of_work(new_day)
    assert _portal_deadline(fake_portal, task) == _end_of_work(new_day)
