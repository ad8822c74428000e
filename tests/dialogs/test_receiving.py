"""Receiving (storekeeper): awaited parts with counts, quick and typed quantities, partial
deliveries the supplier sees as shortages, and the last receipt handing the order over."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from aiogram.methods import AnswerCallbackQuery

from bot.callbacks import OrderCallback
from services.normalize import format_date
from services.orders import OrderQueries, Stage
from services.orders.use_cases import move_back
from services.storage.models import Order
from tests.dialogs.conftest import MASTER, STOREKEEPER


def act(order_id: int) -> str:
    return OrderCallback(action="act", order_id=order_id, stage="AWAITING_DELIVERY").pack()


async def _order(session_factory, order_id: int) -> Order:
    async with session_factory() as session:
        order = await session.get(Order, order_id)
        assert order is not None
        return order


async def _shortages(session_factory, order_id: int | None = None) -> dict[str, Decimal]:
    async with session_factory() as session:
        found = await OrderQueries(session).shortages(order_id)
    return {s.part.name: s.missing for s in found}


async def test_partial_delivery_then_the_rest(harness, shop, session_factory):
    order_id = await shop.order_at(Stage.AWAITING_DELIVERY)
    await harness.tap(STOREKEEPER, act(order_id))
    screen = harness.screen(STOREKEEPER)
    due = format_date(date.today() + timedelta(days=3), "ru")
    assert f"🚚 Ожидание поставки · № {order_id}" in screen
    assert f"⏳ Колодки передние — 0/1 · Emex · заказ E-1 · ждём {due}" in screen
    assert f"⏳ Стойка стабилизатора — 0/2 · Emex · заказ E-2 · ждём {due}" in screen
    assert "[ Колодки передние 0/1 ]" in screen and "[ Стойка стабилизатора 0/2 ]" in screen

    await harness.tap_button(STOREKEEPER, "Стойка стабилизатора 0/2")
    screen = harness.screen(STOREKEEPER)
    assert "Стойка стабилизатора</b>: получено 0/2, ждём ещё 2." in screen
    assert "[ все 2 ]  [ 1 ]  [ другое… ]" in screen
    assert "[ ◀️ Назад ]  [ ✖️ Отмена ]" in screen
    await harness.tap_button(STOREKEEPER, "1")
    screen = harness.screen(STOREKEEPER)
    assert screen.startswith("✅ Принято: Стойка стабилизатора ×1 (теперь 1/2).")
    assert "[ Стойка стабилизатора 1/2 ]" in screen
    # The master hears a part came; the supplier sees what is still missing.
    assert "Пришла запчасть: Стойка стабилизатора — 1 из 2." in harness.last_text(MASTER)
    assert await _shortages(session_factory, order_id) == {
        "Колодки передние": Decimal(1),
        "Стойка стабилизатора": Decimal(1),
    }
    assert (await _shortages(session_factory))["Стойка стабилизатора"] == Decimal(1)

    await harness.tap_button(STOREKEEPER, "Колодки передние 0/1")
    assert "[ все 1 ]  [ другое… ]" in harness.screen(STOREKEEPER)
    await harness.tap_button(STOREKEEPER, "все 1")
    screen = harness.screen(STOREKEEPER)
    assert "✅ Колодки передние — 1/1" in screen
    assert "[ Колодки передние" not in screen  # fully received: no button
    assert (await _order(session_factory, order_id)).stage == Stage.AWAITING_DELIVERY

    await harness.tap_button(STOREKEEPER, "Стойка стабилизатора 1/2")
    await harness.tap_button(STOREKEEPER, "все 1")
    assert harness.screen(STOREKEEPER) == (
        "✅ Принято: Стойка стабилизатора ×1 (теперь 2/2).\n"
        f"📦 Все запчасти получены. Заказ № {order_id} передан мастеру — "
        "этап «Контроль перед выдачей»."
    )
    order = await _order(session_factory, order_id)
    assert order.stage == Stage.PRE_ISSUE_CHECK
    assert [p.received_quantity for p in order.parts] == [Decimal(1), Decimal(2)]
    assert await _shortages(session_factory, order_id) == {}
    notice = harness.last_text(MASTER)
    assert f"🔍 Контроль перед выдачей · № {order_id}" in notice and "Новая задача" in notice


async def test_typed_quantity_validation_and_over_receipt(harness, shop, session_factory):
    order_id = await shop.order_at(Stage.AWAITING_DELIVERY)
    await harness.tap(STOREKEEPER, act(order_id))
    await harness.send(STOREKEEPER, "пришла стойка")  # typing instead of tapping
    screen = harness.screen(STOREKEEPER)
    assert screen.startswith("⚠️ Нажмите на запчасть, которая пришла.")
    assert "[ Стойка стабилизатора 0/2 ]" in screen

    await harness.tap_button(STOREKEEPER, "Стойка стабилизатора 0/2")
    await harness.tap_button(STOREKEEPER, "другое…")
    screen = harness.screen(STOREKEEPER)
    assert "Пришлите, сколько пришло, числом" in screen
    expected = {
        "3": "⚠️ «Стойка стабилизатора»: больше, чем ждём. Осталось получить 2.",
        "abc": "⚠️ Не понял количество.",
        "0": "⚠️ Количество должно быть больше нуля.",
    }
    for text, error in expected.items():
        await harness.send(STOREKEEPER, text)
        screen = harness.screen(STOREKEEPER)
        assert screen.startswith(error), screen
        assert "Пришлите, сколько пришло, числом" in screen  # the same question
    assert (await _order(session_factory, order_id)).parts[1].received_quantity == 0

    # Назад: the quick buttons, then the list; nothing was received.
    await harness.tap_button(STOREKEEPER, "◀️ Назад")
    assert "[ все 2 ]  [ 1 ]  [ другое… ]" in harness.screen(STOREKEEPER)
    await harness.tap_button(STOREKEEPER, "◀️ Назад")
    assert "[ Стойка стабилизатора 0/2 ]" in harness.screen(STOREKEEPER)

    # A quantity may also be typed straight on the quick-buttons screen.
    await harness.tap_button(STOREKEEPER, "Стойка стабилизатора 0/2")
    await harness.send(STOREKEEPER, "2 шт")
    assert harness.screen(STOREKEEPER).startswith(
        "✅ Принято: Стойка стабилизатора ×2 (теперь 2/2)."
    )
    assert (await _order(session_factory, order_id)).parts[1].received_quantity == 2


async def test_stale_receipt_ends_the_dialog(harness, shop, session_factory):
    from services.orders import OrderWork
    from services.staff.roles import Role
    from services.storage.models import Employee

    order_id = await shop.order_at(Stage.AWAITING_DELIVERY)
    await harness.tap(STOREKEEPER, act(order_id))
    await harness.tap_button(STOREKEEPER, "Колодки передние 0/1")
    async with session_factory() as session:
        supplier = await session.get(Employee, shop.employee(Role.SUPPLIER).id)
        await move_back(
            OrderWork(session),
            supplier,
            order_id,
            to_stage=Stage.PARTS_PURCHASE,
            reason="поставщик подвёл",
            seen_stage="AWAITING_DELIVERY",
        )
    await harness.tap_button(STOREKEEPER, "все 1")
    assert harness.screen(STOREKEEPER) == (
        "Заказ уже на этапе «Закупка запчастей», действие не нужно."
    )


async def test_a_button_of_a_cancelled_receiving_explains_itself(harness, shop):
    order_id = await shop.order_at(Stage.AWAITING_DELIVERY)
    await harness.tap(STOREKEEPER, act(order_id))
    screen_id = max(harness.session.chats[STOREKEEPER.id])
    await harness.send(STOREKEEPER, "/cancel")
    assert harness.last_text(STOREKEEPER) == "Действие отменено."
    calls = await harness.tap_button(STOREKEEPER, "Колодки передние 0/1")
    alerts = [c.text for c in calls if isinstance(c, AnswerCallbackQuery)]
    assert alerts == [
        "Этот диалог уже закрыт (например, бот перезапускался). Начните действие заново "
        "из меню — ничего сохранённого не потеряно."
    ]
    assert harness.session.chats[STOREKEEPER.id][screen_id].markup is None
    assert harness.last_text(STOREKEEPER) == "Выберите действие в меню"


async def test_the_card_keeps_its_buttons_when_receiving_opens(harness, shop):
    order_id = await shop.order_at(Stage.AWAITING_DELIVERY)
    await harness.tap(STOREKEEPER, OrderCallback(action="open", order_id=order_id).pack())
    card = harness.screen(STOREKEEPER)
    assert "Принять запчасти" in card
    await harness.tap_button(STOREKEEPER, "Принять запчасти")
    assert harness.screen(STOREKEEPER, last=2).startswith(card)
    assert "[ Колодки передние 0/1 ]" in harness.screen(STOREKEEPER)
