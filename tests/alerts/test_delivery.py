"""Delivery control: checks at −3 days, on the day and each day late, and the three answers."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select

from bot.callbacks import OrderCallback
from services.orders import Stage
from services.storage.models import Order, OrderPart
from tests.alerts.conftest import TZ
from tests.dialogs.conftest import MASTER, STOREKEEPER, SUPPLIER


async def _parts(session_factory, order_id):  # type: ignore[no-untyped-def]
    async with session_factory() as session:
        rows = await session.scalars(
            select(OrderPart).where(OrderPart.order_id == order_id).order_by(OrderPart.id)
        )
        return list(rows.all())


async def _on(clock, jobs, session_factory, order_id, days: int) -> None:  # type: ignore[no-untyped-def]
    """10:00 shop time, `days` from the part's expected date."""
    expected = (await _parts(session_factory, order_id))[0].expected_date
    clock.now = jobs.hours.at(expected + timedelta(days=days), time(10, 0))


def _checks(harness):  # type: ignore[no-untyped-def]
    return [m.text for m in harness.session.chats[SUPPLIER.id].values() if "🚚" in m.text]


async def test_checks_at_minus_three_on_the_day_and_each_day_late(
    harness, shop, clock, make_jobs, session_factory
):
    order_id = await shop.order_at(Stage.AWAITING_DELIVERY, parts=1)
    jobs, sender = make_jobs()
    on = lambda days: _on(clock, jobs, session_factory, order_id, days)  # noqa: E731
    await on(-4)
    assert await jobs.run("delivery") == 0  # not yet
    await on(-3)
    assert await jobs.run("delivery") == 1  # 3 days before
    assert await jobs.run("delivery") == 0
    await on(-1)
    assert await jobs.run("delivery") == 0  # nothing between −3 and the day
    await on(0)
    assert await jobs.run("delivery") == 1  # on the day
    await on(1)
    assert await jobs.run("delivery") == 1  # one day late
    await sender.drain()
    texts = _checks(harness)
    assert "Через 3 дн. ждём: Колодки передние ×1 · Emex · заказ E-1" in texts[0]
    assert f"№ {order_id}" in texts[0] and "ещё не поступила" in texts[0]
    assert "Сегодня ждём" in texts[1]
    assert "Опаздывает на 1 дн." in texts[2]
    assert "Приедет вовремя" in harness.screen(SUPPLIER)


async def test_on_time_answer(harness, shop, clock, make_jobs, session_factory):
    order_id = await shop.order_at(Stage.AWAITING_DELIVERY, parts=1)
    jobs, sender = make_jobs()
    await _on(clock, jobs, session_factory, order_id, -3)
    await jobs.run("delivery")
    await sender.drain()
    await harness.tap_button(SUPPLIER, "Приедет вовремя")
    assert harness.last_text(SUPPLIER) == "✅ Записано: Колодки передние приедет вовремя."


async def test_new_date_replans_the_checks(harness, shop, clock, make_jobs, session_factory):
    order_id = await shop.order_at(Stage.AWAITING_DELIVERY, parts=1)
    jobs, sender = make_jobs()
    await _on(clock, jobs, session_factory, order_id, 0)
    await jobs.run("delivery")
    await sender.drain()
    await harness.tap_button(SUPPLIER, "Новая дата")
    assert "Новая дата поставки" in harness.last_text(SUPPLIER)
    await harness.send(SUPPLIER, "31.02")
    assert "Такой даты нет" in harness.last_text(SUPPLIER)
    await harness.send(SUPPLIER, "01.01.2099")
    assert "новая дата" in harness.last_text(SUPPLIER)
    (part,) = await _parts(session_factory, order_id)
    assert part.expected_date.year == 2099
    # The day after the old date is no longer "late": the next check is −3 of the new date.
    clock.advance(days=1)
    assert await jobs.run("delivery") == 0


async def test_new_date_refuses_a_past_day_or_no_text_and_keeps_asking(
    harness, shop, clock, make_jobs, session_factory
):
    order_id = await shop.order_at(Stage.AWAITING_DELIVERY, parts=1)
    jobs, sender = make_jobs()
    await _on(clock, jobs, session_factory, order_id, 0)
    await jobs.run("delivery")
    await sender.drain()
    await harness.tap_button(SUPPLIER, "Новая дата")
    await harness.send(SUPPLIER, "01.01.2020")
    assert "Эта дата уже прошла" in harness.last_text(SUPPLIER)
    await harness.send_photo(SUPPLIER)
    assert "Пришлите дату" in harness.last_text(SUPPLIER)
    await harness.send(SUPPLIER, "01.01.2099")
    assert "новая дата" in harness.last_text(SUPPLIER)
    # Answered: a date typed now is chat, not another answer.
    await harness.send(SUPPLIER, "02.01.2099")
    assert "Не понял сообщение" in harness.last_text(SUPPLIER)
    (part,) = await _parts(session_factory, order_id)
    assert part.expected_date.day == 1


async def test_new_date_picked_in_the_calendar(harness, shop, clock, make_jobs, session_factory):
    order_id = await shop.order_at(Stage.AWAITING_DELIVERY, parts=1)
    jobs, sender = make_jobs()
    await _on(clock, jobs, session_factory, order_id, 0)
    await jobs.run("delivery")
    await sender.drain()
    await harness.tap_button(SUPPLIER, "Новая дата")
    screen = harness.screen(SUPPLIER)
    assert "Новая дата поставки" in screen and "[ Пн ]" in screen, screen
    await harness.tap_button(SUPPLIER, "▶")
    await harness.tap_button(SUPPLIER, "15")
    text = harness.last_text(SUPPLIER)
    assert "новая дата" in text and harness.screen(SUPPLIER) == text  # no buttons left
    today = datetime.now(TZ).date()
    next_month = (today.replace(day=1) + timedelta(days=32)).replace(day=15)
    (part,) = await _parts(session_factory, order_id)
    assert part.expected_date == next_month


async def test_new_date_for_a_part_received_meanwhile_ends_the_question(
    harness, shop, clock, make_jobs, session_factory
):
    order_id = await shop.order_at(Stage.AWAITING_DELIVERY, parts=1)
    jobs, sender = make_jobs()
    await _on(clock, jobs, session_factory, order_id, 0)
    await jobs.run("delivery")
    await sender.drain()
    await harness.tap_button(SUPPLIER, "Новая дата")
    act = OrderCallback(action="act", order_id=order_id, stage=Stage.AWAITING_DELIVERY).pack()
    await harness.tap(STOREKEEPER, act)
    await harness.tap_button(STOREKEEPER, "Колодки передние 0/1")
    await harness.tap_button(STOREKEEPER, "все 1")
    await harness.send(SUPPLIER, "01.01.2099")
    assert "уже не ждёт поставки" in harness.last_text(SUPPLIER)
    await harness.send(SUPPLIER, "01.01.2099")
    assert "Не понял сообщение" in harness.last_text(SUPPLIER)


async def test_cancel_at_vendor_sends_the_order_back_to_pricing(
    harness, shop, clock, make_jobs, session_factory
):
    order_id = await shop.order_at(Stage.AWAITING_DELIVERY, parts=2)
    jobs, sender = make_jobs()
    await _on(clock, jobs, session_factory, order_id, -3)
    await jobs.run("delivery")
    await sender.drain()
    await harness.tap_button(SUPPLIER, "Отменить у поставщика")
    assert "вернулся на калькуляцию запчастей" in harness.last_text(SUPPLIER)
    async with session_factory() as session:
        order = await session.get(Order, order_id)
        assert order.stage == Stage.PARTS_PRICING
    parts = await _parts(session_factory, order_id)
    assert [p.status for p in parts].count("new") == 1
    assert "Калькуляция запчастей" in harness.last_text(MASTER)


async def test_received_part_stops_checks_and_the_master_hears_of_the_last(
    harness, shop, clock, make_jobs, session_factory
):
    order_id = await shop.order_at(Stage.AWAITING_DELIVERY, parts=1)
    jobs, _ = make_jobs()
    act = OrderCallback(action="act", order_id=order_id, stage=Stage.AWAITING_DELIVERY).pack()
    await harness.tap(STOREKEEPER, act)
    await harness.tap_button(STOREKEEPER, "Колодки передние 0/1")
    await harness.tap_button(STOREKEEPER, "все 1")
    notice = harness.last_text(MASTER)
    assert f"Контроль перед выдачей · № {order_id}" in notice
    await _on(clock, jobs, session_factory, order_id, 2)
    assert await jobs.run("delivery") == 0
