"""Client approval (master): the estimate with the phone, the appointment picked from quick
buttons, the calendar or typed, the confirm screen; or the client's refusal."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram_dialog.utils import CB_SEP
from aiogram_dialog.widgets.kbd.calendar_kbd import raw_from_date

from bot.app import build_bot, build_dispatcher
from bot.callbacks import OrderCallback
from bot.testing.fake_telegram import BotHarness, FakeTelegramSession
from services.normalize import format_date
from services.orders import OrderQueries, Stage
from services.orders.use_cases import director_move
from services.staff.roles import Role
from services.storage.models import Employee, Order
from tests.conftest import make_settings
from tests.dialogs.conftest import MASTER, SUPPLIER

MSK = ZoneInfo("Europe/Moscow")
# The bot's clock stands at noon in the shop, so "today's passed hours" are the same every run.
TODAY = datetime.now(MSK).date() + timedelta(days=1)
NOW = datetime.combine(TODAY, time(12, 0), tzinfo=MSK).astimezone(UTC)


@pytest.fixture
async def harness(session_factory, translator) -> AsyncIterator[BotHarness]:
    settings = make_settings()
    storage = MemoryStorage()
    fake = FakeTelegramSession()
    bot = build_bot(settings, session=fake)
    dp = build_dispatcher(settings, storage, session_factory, translator, clock=lambda: NOW)
    yield BotHarness(dp, bot, fake)
    await storage.close()


def act(order_id: int) -> str:
    return OrderCallback(action="act", order_id=order_id, stage="CLIENT_APPROVAL").pack()


def calendar_day(harness: BotHarness, day: date) -> str:
    """The calendar's button for `day`, as the open dialog's buttons carry it (drawn or not)."""
    for shown in reversed(list(harness.session.chats[MASTER.id].values())):
        for row in getattr(shown.markup, "inline_keyboard", None) or []:
            for button in row:
                if CB_SEP in (button.callback_data or ""):
                    intent = button.callback_data.split(CB_SEP)[0]
                    return f"{intent}{CB_SEP}wc:{raw_from_date(day)}"
    raise LookupError("no dialog is open")


def day_label(days: int) -> str:
    return format_date(TODAY + timedelta(days=days), "ru")


async def _order(session_factory, order_id: int) -> Order:
    async with session_factory() as session:
        order = await session.get(Order, order_id)
        assert order is not None
        return order


async def test_client_agrees_and_is_booked(harness, shop, session_factory):
    order_id = await shop.order_at(Stage.CLIENT_APPROVAL)
    await harness.tap(MASTER, act(order_id))
    screen = harness.screen(MASTER)
    assert f"📞 Согласование с клиентом · № {order_id} · шаг 1 из 4" in screen
    assert "Клиент: Иван Петров, +7 916 123-45-67" in screen  # the master sees the phone
    assert "Запчасти (2): 3 900 ₽" in screen
    assert " 2. Стойка стабилизатора ×2 — 2 600 ₽ · Emex · 2 дн." in screen
    assert "Работы (1): 1 500 ₽" in screen and " 1. Замена колодок — 1 500 ₽" in screen
    assert "Итого: 5 400 ₽" in screen
    assert f"Запчасти придут за 2 дн. — записывайте не раньше {day_label(2)}." in screen
    assert "[ ✅ Клиент согласен ]  [ ✖️ Клиент отказался ]" in screen

    await harness.tap_button(MASTER, "✅ Клиент согласен")
    screen = harness.screen(MASTER)
    assert "шаг 2 из 4" in screen and "На какой день записать клиента?" in screen
    assert "[ сегодня ]  [ завтра ]  [ послезавтра ]" in screen
    assert "[ ◀️ Назад ]  [ ✖️ Отмена ]" in screen

    await harness.tap_button(MASTER, "послезавтра")
    screen = harness.screen(MASTER)
    assert "шаг 3 из 4" in screen and f"Запись на {day_label(2)}. Во сколько?" in screen
    assert "[ 09:00 ]  [ 10:00 ]  [ 11:00 ]  [ 12:00 ]  [ 13:00 ]" in screen
    assert "[ 14:00 ]  [ 15:00 ]  [ 16:00 ]  [ 17:00 ]  [ 18:00 ]" in screen

    await harness.tap_button(MASTER, "10:00")
    screen = harness.screen(MASTER)
    assert "шаг 4 из 4" in screen
    assert f"Запись: <b>{day_label(2)}, 10:00</b>" in screen
    assert "Итого для клиента: 5 400 ₽" in screen
    assert "[ ✅ Записать ]" in screen

    await harness.tap_button(MASTER, "✅ Записать")
    assert harness.screen(MASTER) == (
        f"✅ Клиент записан: {day_label(2)}, 10:00. Заказ № {order_id} — этап «Закупка запчастей»."
    )
    order = await _order(session_factory, order_id)
    assert order.stage == Stage.PARTS_PURCHASE
    booked = datetime.combine(TODAY + timedelta(days=2), time(10, 0), tzinfo=MSK)
    assert order.appointment_at == booked.astimezone(UTC)
    assert order.client_approved_at == NOW
    notice = harness.last_text(SUPPLIER)
    assert f"🛒 Закупка запчастей · № {order_id}" in notice and "Новая задача" in notice


async def test_entering_shows_the_first_step(harness, shop):
    order_id = await shop.order_at(Stage.CLIENT_APPROVAL)
    await harness.tap(MASTER, act(order_id))
    assert "шаг 1 из 4" in harness.screen(MASTER)


async def test_calendar_typed_date_and_back_keep_answers(harness, shop):
    order_id = await shop.order_at(Stage.CLIENT_APPROVAL)
    await harness.tap(MASTER, act(order_id))
    await harness.tap_button(MASTER, "✅ Клиент согласен")
    await _this_month(harness)
    await _next_month(harness)
    await _past_day_refused(harness)
    await _typed_dates(harness)
    await _back_keeps_answers(harness)


MONTHS = "Январь Февраль Март Апрель Май Июнь Июль Август Сентябрь Октябрь Ноябрь Декабрь"


async def _this_month(harness) -> None:  # type: ignore[no-untyped-def]
    screen = harness.screen(MASTER)
    assert f"[ {MONTHS.split()[TODAY.month - 1]} {TODAY.year} ]" in screen
    assert "[ Пн ]  [ Вт ]  [ Ср ]  [ Чт ]  [ Пт ]  [ Сб ]  [ Вс ]" in screen
    assert f"[ [{TODAY.day}] ]" in screen  # today is marked
    assert "[ ◀ ]" not in screen  # no going back to past months
    if TODAY.weekday() > 0 and TODAY.day > 1:
        assert "[ · ]" in screen  # past days of this week are dots …
        calls = await harness.tap_button(MASTER, "·")
        assert f"[ [{TODAY.day}] ]" in harness.screen(MASTER)  # … and a tap changes nothing
        assert all(type(c).__name__ == "AnswerCallbackQuery" for c in calls)


async def _next_month(harness) -> None:  # type: ignore[no-untyped-def]
    # ▶ shows next month; its 10th is picked.
    await harness.tap_button(MASTER, "▶")
    year, month = (TODAY.year + 1, 1) if TODAY.month == 12 else (TODAY.year, TODAY.month + 1)
    assert f"[ {MONTHS.split()[month - 1]} {year} ]" in harness.screen(MASTER)
    assert "[ ◀ ]" in harness.screen(MASTER)
    picked = TODAY.replace(year=year, month=month, day=10)
    await harness.tap(MASTER, calendar_day(harness, picked))
    assert f"Запись на {format_date(picked, 'ru')}." in harness.screen(MASTER)


async def _past_day_refused(harness) -> None:  # type: ignore[no-untyped-def]
    # A forged tap on a past day is refused with the same question.
    await harness.tap_button(MASTER, "◀️ Назад")
    past = TODAY - timedelta(days=1)
    await harness.tap(MASTER, calendar_day(harness, past))
    screen = harness.screen(MASTER)
    assert screen.startswith("⚠️ Этот день выбрать нельзя")
    assert "На какой день записать клиента?" in screen and "✓10" in screen  # answer kept


async def _typed_dates(harness) -> None:  # type: ignore[no-untyped-def]
    # Typed dates: wrong ones get the reason and the same question.
    await harness.send(MASTER, "32.13")
    assert harness.screen(MASTER).startswith("⚠️ Такой даты нет в календаре.")
    await harness.send(MASTER, "на днях")
    assert harness.screen(MASTER).startswith("⚠️ Не понял дату.")
    await harness.send(MASTER, "01.01.2020")
    assert harness.screen(MASTER).startswith("⚠️ Эта дата уже прошла.")
    assert "На какой день записать клиента?" in harness.screen(MASTER)
    await harness.send(MASTER, "завтра")
    assert f"Запись на {day_label(1)}." in harness.screen(MASTER)
    await harness.tap_button(MASTER, "11:00")
    assert f"Запись: <b>{day_label(1)}, 11:00</b>" in harness.screen(MASTER)


async def _back_keeps_answers(harness) -> None:  # type: ignore[no-untyped-def]
    # Назад from the confirm screen: the time is ticked; again: the day is ticked.
    await harness.tap_button(MASTER, "◀️ Назад")
    assert "[ ✓ 11:00 ]" in harness.screen(MASTER)
    await harness.tap_button(MASTER, "◀️ Назад")
    screen = harness.screen(MASTER)
    assert "[ ✓ завтра ]" in screen and f"[ ✓{(TODAY + timedelta(days=1)).day} ]" in screen
    await harness.tap_button(MASTER, "◀️ Назад")
    assert "шаг 1 из 4" in harness.screen(MASTER)
    # Forward again: both answers are still there.
    await harness.tap_button(MASTER, "✅ Клиент согласен")
    await harness.tap_button(MASTER, "✓ завтра")
    assert "[ ✓ 11:00 ]" in harness.screen(MASTER)


async def test_time_validation_today(harness, shop, session_factory):
    order_id = await shop.order_at(Stage.CLIENT_APPROVAL)
    await harness.tap(MASTER, act(order_id))
    await harness.tap_button(MASTER, "✅ Клиент согласен")
    await harness.tap_button(MASTER, "сегодня")
    screen = harness.screen(MASTER)
    # It is noon: only the hours ahead are offered.
    assert "[ 12:00 ]" not in screen and "[ 09:00 ]" not in screen
    assert "[ 13:00 ]  [ 14:00 ]  [ 15:00 ]  [ 16:00 ]  [ 17:00 ]" in screen
    await harness.send(MASTER, "25:00")
    screen = harness.screen(MASTER)
    assert screen.startswith("⚠️ Не понял время.")
    assert f"Запись на {day_label(0)}. Во сколько?" in screen
    await harness.send(MASTER, "в 9")
    assert harness.screen(MASTER).startswith("⚠️ Это время уже прошло")
    await harness.send(MASTER, "16.30")
    assert f"Запись: <b>{day_label(0)}, 16:30</b>" in harness.screen(MASTER)
    await harness.send(MASTER, "ок")  # typing on the confirm screen: use the button
    assert harness.screen(MASTER).startswith("⚠️ Ответьте кнопкой ниже.")
    await harness.tap_button(MASTER, "✅ Записать")
    order = await _order(session_factory, order_id)
    booked = datetime.combine(TODAY, time(16, 30), tzinfo=MSK).astimezone(UTC)
    assert order.appointment_at == booked and order.stage == Stage.PARTS_PURCHASE


async def test_client_refusal_needs_a_reason_and_cancels(harness, shop, session_factory):
    order_id = await shop.order_at(Stage.CLIENT_APPROVAL)
    await harness.tap(MASTER, act(order_id))
    await harness.tap_button(MASTER, "✖️ Клиент отказался")
    screen = harness.screen(MASTER)
    assert "Клиент отказался. Почему?" in screen
    assert "[ Дорого ]  [ Сделает сам ]  [ Передумал ]" in screen
    for attempt in ("  ", None):
        if attempt is None:
            await harness.send_photo(MASTER)
        else:
            await harness.send(MASTER, attempt)
        screen = harness.screen(MASTER)
        assert screen.startswith("⚠️ Причина обязательна")
        assert "Клиент отказался. Почему?" in screen
    assert (await _order(session_factory, order_id)).stage == Stage.CLIENT_APPROVAL
    # Назад returns to the estimate; the order is untouched.
    await harness.tap_button(MASTER, "◀️ Назад")
    assert "шаг 1 из 4" in harness.screen(MASTER)
    await harness.tap_button(MASTER, "✖️ Клиент отказался")
    await harness.tap_button(MASTER, "Дорого")
    assert harness.screen(MASTER) == f"✖️ Заказ № {order_id} отменён. Причина: Дорого"
    order = await _order(session_factory, order_id)
    assert order.stage == Stage.CANCELLED and order.cancel_reason == "Дорого"
    assert order.closed_at is not None
    assert all(p.return_flag is None for p in order.parts)  # nothing was ordered yet
    async with session_factory() as session:
        moves = await OrderQueries(session).history(order_id)
    assert moves[-1].transition.to_stage == "CANCELLED"
    assert moves[-1].transition.reason == "Дорого"


async def test_typed_refusal_reason(harness, shop, session_factory):
    order_id = await shop.order_at(Stage.CLIENT_APPROVAL)
    await harness.tap(MASTER, act(order_id))
    await harness.tap_button(MASTER, "✖️ Клиент отказался")
    await harness.send(MASTER, "x" * 501)
    assert harness.screen(MASTER).startswith("⚠️ Причина длиннее 500 знаков (501)")
    await harness.send(MASTER, "Нашёл сервис <дешевле>")
    assert harness.screen(MASTER) == (
        f"✖️ Заказ № {order_id} отменён. Причина: Нашёл сервис &lt;дешевле&gt;"
    )
    order = await _order(session_factory, order_id)
    assert order.cancel_reason == "Нашёл сервис <дешевле>"


async def test_order_moved_while_booking(harness, shop, session_factory):
    from services.orders import OrderWork

    order_id = await shop.order_at(Stage.CLIENT_APPROVAL)
    await harness.tap(MASTER, act(order_id))
    await harness.tap_button(MASTER, "✅ Клиент согласен")
    await harness.tap_button(MASTER, "завтра")
    await harness.tap_button(MASTER, "10:00")
    async with session_factory() as session:
        director = await session.get(Employee, shop.employee(Role.DIRECTOR).id)
        await director_move(
            OrderWork(session),
            director,
            order_id,
            to_stage=Stage.LABOUR_PRICING,
            reason="пересчёт",
            seen_stage="CLIENT_APPROVAL",
        )
    await harness.tap_button(MASTER, "✅ Записать")
    assert harness.screen(MASTER) == "Заказ уже на этапе «Калькуляция работ», действие не нужно."
    assert (await _order(session_factory, order_id)).stage == Stage.LABOUR_PRICING
