"""Closed orders are findable: 🔎 Поиск for every role that opens cards, and the head's and the
director's 📋 Заказы switch to the orders closed in a period."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import update

from services.orders import OrderWork, Stage
from services.orders.use_cases import cancel, confirm_pre_issue
from services.staff.roles import Role
from services.storage.models import Employee, Order
from tests.dialogs.conftest import DIRECTOR, HEAD, MASTER, STOREKEEPER, SUPPLIER

TZ = ZoneInfo("Europe/Moscow")


async def _close(shop, session_factory, order_id: int) -> None:  # type: ignore[no-untyped-def]
    """The master hands the car over: the order is done."""
    async with session_factory() as session:
        master = await session.get(Employee, shop.employee(Role.MASTER).id)
        await confirm_pre_issue(
            OrderWork(session), master, order_id, seen_stage=Stage.PRE_ISSUE_CHECK
        )


async def _cancel(shop, session_factory, order_id: int) -> None:  # type: ignore[no-untyped-def]
    async with session_factory() as session:
        master = await session.get(Employee, shop.employee(Role.MASTER).id)
        await cancel(
            OrderWork(session),
            master,
            order_id,
            reason="Клиент передумал",
            seen_stage=Stage.PARTS_PRICING,
        )


async def _closed_at(session_factory, order_id: int, when: datetime) -> None:  # type: ignore[no-untyped-def]
    async with session_factory() as session:
        await session.execute(update(Order).where(Order.id == order_id).values(closed_at=when))
        await session.commit()


async def test_every_role_that_opens_cards_can_search(harness, shop, session_factory):
    order_id = await shop.order_at(Stage.PRE_ISSUE_CHECK, parts=1)
    await _close(shop, session_factory, order_id)
    for person in (DIRECTOR, HEAD, SUPPLIER, STOREKEEPER, MASTER):
        await harness.send(person, "/start")
        assert "🔎 Поиск" in harness.reply_keyboard(person), person.first_name
        await harness.send(person, "🔎 Поиск")
        assert "Пришлите номер заказа" in harness.last_text(person), person.first_name
        await harness.send(person, str(order_id))
        screen = harness.screen(person)
        assert f"№ {order_id} · BMW X5 · А123ВС77 · Успешно завершено" in screen, screen
    await harness.tap_button(DIRECTOR, f"№ {order_id} · BMW X5")
    assert f"Успешно завершено · № {order_id}" in harness.screen(DIRECTOR)


async def test_orders_list_switches_to_closed_ones_by_period(harness, shop, session_factory):
    still_open = await shop.order_at(Stage.PARTS_PRICING)
    done = await shop.order_at(Stage.PRE_ISSUE_CHECK, parts=1)
    await _close(shop, session_factory, done)
    cancelled = await shop.order_at(Stage.PARTS_PRICING)
    await _cancel(shop, session_factory, cancelled)
    last_month = await shop.order_at(Stage.PARTS_PRICING)
    await _cancel(shop, session_factory, last_month)
    today = datetime.now(UTC).astimezone(TZ).date()
    # A day of last month that is not in this week either (a week may start in last month).
    day = min(today.replace(day=1), today - timedelta(days=today.weekday())) - timedelta(days=1)
    in_last_month = datetime.combine(day, time(12), TZ)
    await _closed_at(session_factory, last_month, in_last_month.astimezone(UTC))

    await harness.send(DIRECTOR, "📋 Заказы")
    screen = harness.screen(DIRECTOR)
    assert "📋 Открытые заказы (1–1 из 1):" in screen
    assert f"№ {still_open} · BMW X5" in screen
    assert "[ ✓ Открытые ]  [ Закрытые ]" in screen

    await harness.tap_button(DIRECTOR, "Закрытые")
    screen = harness.screen(DIRECTOR)
    assert "📋 Закрытые за эту неделю (1–2 из 2):" in screen, screen
    assert f"№ {done} · BMW X5 · А123ВС77 · Успешно завершено" in screen
    assert f"№ {cancelled} · BMW X5 · А123ВС77 · Отказ" in screen
    assert f"№ {last_month} ·" not in screen
    assert "[ Открытые ]  [ ✓ Закрытые ]" in screen
    assert "[ ✓ Эта неделя ]  [ Этот месяц ]  [ Прошлый месяц ]" in screen

    await harness.tap_button(DIRECTOR, "Прошлый месяц")
    screen = harness.screen(DIRECTOR)
    assert "📋 Закрытые за прошлый месяц (1–1 из 1):" in screen, screen
    assert f"№ {last_month} · BMW X5 · А123ВС77 · Отказ" in screen
    await harness.tap_button(DIRECTOR, f"№ {last_month} · BMW X5")
    assert f"Отказ · № {last_month}" in harness.screen(DIRECTOR)

    # The head's list is the same; «Открытые» goes back in one tap.
    await harness.send(HEAD, "📋 Заказы")
    await harness.tap_button(HEAD, "Закрытые")
    await harness.tap_button(HEAD, "Этот месяц")
    assert "📋 Закрытые за этот месяц (1–2 из 2):" in harness.screen(HEAD)
    await harness.tap_button(HEAD, "Открытые")
    assert "📋 Открытые заказы (1–1 из 1):" in harness.screen(HEAD)


async def test_closed_orders_are_paged(harness, shop, session_factory):
    ids = [await shop.order_at(Stage.PARTS_PRICING, parts=1) for _ in range(10)]
    for order_id in ids:
        await _cancel(shop, session_factory, order_id)
    await harness.send(DIRECTOR, "📋 Заказы")
    assert "📋 Открытые заказы: пока пусто." in harness.screen(DIRECTOR)
    await harness.tap_button(DIRECTOR, "Закрытые")
    screen = harness.screen(DIRECTOR)
    assert "📋 Закрытые за эту неделю (1–8 из 10):" in screen and "[ ▶️ ]" in screen
    assert f"№ {ids[-1]} · BMW X5" in screen  # the latest closed first
    await harness.tap_button(DIRECTOR, "▶️")
    screen = harness.screen(DIRECTOR)
    assert "📋 Закрытые за эту неделю (9–10 из 10):" in screen
    assert f"№ {ids[0]} · BMW X5" in screen and "[ ◀️ ]" in screen
    assert "[ ✓ Эта неделя ]  [ Этот месяц ]  [ Прошлый месяц ]" in screen


async def test_closed_lists_are_the_head_and_the_directors(harness, shop):
    await harness.send(SUPPLIER, "/start")
    calls = await harness.tap(SUPPLIER, "pg:closed-month::0")
    assert calls[-1].show_alert
    assert "Заказ №" not in harness.last_text(SUPPLIER)


async def test_a_number_typed_outside_a_dialog_is_searched(harness, shop, session_factory):
    order_id = await shop.order_at(Stage.PRE_ISSUE_CHECK, parts=1)
    await _close(shop, session_factory, order_id)
    for person in (DIRECTOR, HEAD):
        await harness.send(person, str(order_id))
        screen = harness.screen(person)
        assert f"№ {order_id} · BMW X5 · А123ВС77 · Успешно завершено" in screen, screen
        await harness.send(person, "как дела")
        assert "Не понял сообщение" in harness.last_text(person)
    # Chat with a digit is not a VIN tail («буду в 10» is letters and digits after cleaning):
    # the master gets the hint and the menu, not «ничего не нашлось».
    for chat in ("буду в 10", "через 2 дня", "привет 123"):
        calls = await harness.send(MASTER, chat)
        text = harness.last_text(MASTER)
        assert "Не понял сообщение" in text, (chat, text)
        assert "ничего не нашлось" not in text, (chat, text)
        assert calls[-1].reply_markup is not None, chat
        assert "🔎 Поиск" in harness.reply_keyboard(MASTER), chat
    # Something that reads as a search but finds nothing: the same hint and menu, naming the query.
    calls = await harness.send(MASTER, "ZZ999999")
    text = harness.last_text(MASTER)
    assert "ZZ999999" in text and "Выберите действие на клавиатуре" in text, text
    assert calls[-1].reply_markup is not None
