"""Pre-issue check (master): a checklist of parts and works ticked one by one, then DONE."""

from __future__ import annotations

from bot.callbacks import OrderCallback
from services.orders import OrderWork, Stage
from services.orders.use_cases import move_back
from services.staff.roles import Role
from services.storage.models import Employee, Order
from tests.dialogs.conftest import HEAD, MASTER


def act(order_id: int) -> str:
    return OrderCallback(action="act", order_id=order_id, stage="PRE_ISSUE_CHECK").pack()


async def _order(session_factory, order_id: int) -> Order:
    async with session_factory() as session:
        order = await session.get(Order, order_id)
        assert order is not None
        return order


async def test_master_ticks_everything_and_hands_the_car_over(harness, shop, session_factory):
    order_id = await shop.order_at(Stage.PRE_ISSUE_CHECK)
    await harness.tap(MASTER, act(order_id))
    screen = harness.screen(MASTER)
    assert f"🔍 Контроль перед выдачей · № {order_id}" in screen
    assert "Клиент: Иван Петров, +7 916 123-45-67" in screen
    assert "Итого: 5 400 ₽" in screen
    assert "[ ☐ Колодки передние — 1/1 ]" in screen
    assert "[ ☐ Стойка стабилизатора — 2/2 ]" in screen
    assert "[ ☐ Замена колодок ]" in screen
    assert "[ 🔒 Всё на месте, выдать ]" in screen

    # Not all ticked: the tap says which are missing, nothing changes.
    await harness.tap_button(MASTER, "☐ Колодки передние")
    await harness.tap_button(MASTER, "🔒 Всё на месте, выдать")
    screen = harness.screen(MASTER)
    assert screen.startswith("⚠️ Ещё не отмечено: Стойка стабилизатора — 2/2, Замена колодок.")
    assert "[ ☑ Колодки передние — 1/1 ]" in screen
    assert (await _order(session_factory, order_id)).stage == Stage.PRE_ISSUE_CHECK

    # A tick can be taken back.
    await harness.tap_button(MASTER, "☑ Колодки передние")
    assert "[ ☐ Колодки передние — 1/1 ]" in harness.screen(MASTER)
    for label in ("☐ Колодки передние", "☐ Стойка стабилизатора", "☐ Замена колодок"):
        await harness.tap_button(MASTER, label)
    screen = harness.screen(MASTER)
    assert "[ ☑ Замена колодок ]" in screen and "[ ✅ Всё на месте, выдать ]" in screen

    await harness.tap_button(MASTER, "✅ Всё на месте, выдать")
    assert harness.screen(MASTER) == f"🏁 Заказ № {order_id} выдан и закрыт. Спасибо!"
    order = await _order(session_factory, order_id)
    assert order.stage == Stage.DONE and order.closed_at is not None
    # The head's pricing task is long closed: nobody else is disturbed.
    assert f"№ {order_id}" not in harness.last_text(HEAD)


async def test_ticks_survive_reopening_and_typing(harness, shop, session_factory):
    order_id = await shop.order_at(Stage.PRE_ISSUE_CHECK)
    await harness.tap(MASTER, act(order_id))
    await harness.tap_button(MASTER, "☐ Замена колодок")
    await harness.send(MASTER, "готово")
    screen = harness.screen(MASTER)
    assert screen.startswith("⚠️ Отмечайте кнопками ниже.")
    assert "[ ☑ Замена колодок ]" in screen
    # Opening the stage action again (from the card) keeps the ticks.
    await harness.tap(MASTER, act(order_id))
    assert "[ ☑ Замена колодок ]" in harness.screen(MASTER)
    assert "[ ☐ Колодки передние — 1/1 ]" in harness.screen(MASTER)
    # «Отмена» ends the check; a new one starts clean.
    await harness.tap_button(MASTER, "✖️ Отмена")
    assert harness.screen(MASTER) == "Действие отменено."
    await harness.tap(MASTER, act(order_id))
    assert "[ ☐ Замена колодок ]" in harness.screen(MASTER)


async def test_order_sent_back_meanwhile(harness, shop, session_factory):
    order_id = await shop.order_at(Stage.PRE_ISSUE_CHECK)
    await harness.tap(MASTER, act(order_id))
    for label in ("☐ Колодки передние", "☐ Стойка стабилизатора", "☐ Замена колодок"):
        await harness.tap_button(MASTER, label)
    async with session_factory() as session:
        director = await session.get(Employee, shop.employee(Role.DIRECTOR).id)
        await move_back(
            OrderWork(session),
            director,
            order_id,
            to_stage=Stage.LABOUR_PRICING,
            reason="добавить работу",
            seen_stage="PRE_ISSUE_CHECK",
        )
    await harness.tap_button(MASTER, "✅ Всё на месте, выдать")
    assert harness.screen(MASTER) == "Заказ уже на этапе «Калькуляция работ», действие не нужно."
    assert (await _order(session_factory, order_id)).stage == Stage.LABOUR_PRICING
