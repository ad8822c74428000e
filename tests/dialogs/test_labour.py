"""Labour pricing (head): works typed as text, removal, approval, and a move back with a comment."""

from __future__ import annotations

from decimal import Decimal

from bot.callbacks import OrderCallback
from services.orders import OrderQueries, OrderWork, Stage
from services.orders.use_cases import move_back
from services.staff.roles import Role
from services.storage.models import Employee, Order
from tests.dialogs.conftest import HEAD, MASTER, SUPPLIER


def act(order_id: int) -> str:
    return OrderCallback(action="act", order_id=order_id, stage="LABOUR_PRICING").pack()


async def _order(session_factory, order_id: int) -> Order:
    async with session_factory() as session:
        order = await session.get(Order, order_id)
        assert order is not None
        return order


async def test_head_adds_removes_and_approves_works(harness, shop, session_factory):
    order_id = await shop.order_at(Stage.LABOUR_PRICING)
    await harness.tap(HEAD, act(order_id))
    screen = harness.screen(HEAD)
    assert f"🔧 Калькуляция работ · № {order_id}" in screen
    assert "BMW X5 · А123ВС77" in screen
    assert "Жалоба: стук спереди справа" in screen
    assert "Запчасти (2): 3 900 ₽" in screen
    assert "2. Стойка стабилизатора ×2 — 2 600 ₽ · Emex · 2 дн." in screen
    assert "Работы: пока нет" in screen
    assert "[ ✅ Утвердить ]" in screen and "[ ↩️ Вернуть на калькуляцию запчастей ]" in screen
    assert "[ ✖️ Отмена ]" in screen

    await harness.send(
        HEAD, "Замена колодок 1500\nДиагностика подвески; 2000\nСнятие стойки 1 200 ₽"
    )
    screen = harness.screen(HEAD)
    assert "✅ Добавлены 3 работы на 4 700 ₽." in screen
    assert "Работы (3): 4 700 ₽" in screen
    assert " 1. Замена колодок — 1 500 ₽" in screen
    assert " 2. Диагностика подвески — 2 000 ₽" in screen
    assert " 3. Снятие стойки — 1 200 ₽" in screen
    assert "Итого: 8 600 ₽" in screen
    assert "[ 🗑 1 ]  [ 🗑 2 ]  [ 🗑 3 ]" in screen
    order = await _order(session_factory, order_id)
    assert [(w.name, w.cost) for w in order.works] == [
        ("Замена колодок", Decimal("1500.00")),
        ("Диагностика подвески", Decimal("2000.00")),
        ("Снятие стойки", Decimal("1200.00")),
    ]

    await harness.tap_button(HEAD, "🗑 3")
    screen = harness.screen(HEAD)
    assert "🗑 Работа удалена." in screen and "Снятие стойки" not in screen
    assert "Работы (2): 3 500 ₽" in screen and "[ 🗑 3 ]" not in screen

    await harness.tap_button(HEAD, "✅ Утвердить")
    assert harness.screen(HEAD) == (
        f"✅ Калькуляция работ утверждена (3 500 ₽). Заказ № {order_id} передан мастеру "
        "на согласование с клиентом."
    )
    order = await _order(session_factory, order_id)
    assert order.stage == Stage.CLIENT_APPROVAL and order.labour_approved
    notice = harness.screen(MASTER)
    assert f"📞 Согласование с клиентом · № {order_id}" in notice
    assert "Новая задача, срок до" in notice


async def test_works_typed_in_one_message_are_one_step(harness, shop, session_factory):
    """Three lines are saved by one use case: one new version of the order."""
    order_id = await shop.order_at(Stage.LABOUR_PRICING)
    await harness.tap(HEAD, act(order_id))
    version = (await _order(session_factory, order_id)).version
    await harness.send(HEAD, "Замена колодок 1500\nДиагностика подвески 2000\nСнятие стойки 1200")
    assert "✅ Добавлены 3 работы на 4 700 ₽." in harness.screen(HEAD)
    assert (await _order(session_factory, order_id)).version == version + 1


async def test_approving_moves_the_order_on(harness, shop, session_factory):
    order_id = await shop.order_at(Stage.LABOUR_PRICING)
    await harness.tap(HEAD, act(order_id))
    await harness.send(HEAD, "Замена колодок 1500")
    await harness.tap_button(HEAD, "✅ Утвердить")
    assert (await _order(session_factory, order_id)).stage == Stage.CLIENT_APPROVAL


async def test_bad_work_lines_save_nothing_and_ask_again(harness, shop, session_factory):
    order_id = await shop.order_at(Stage.LABOUR_PRICING)
    await harness.tap(HEAD, act(order_id))
    cases = {
        "Замена колодок 1500\nДиагностика подвески": (
            "⚠️ Строка 2 «Диагностика подвески»: в конце нет стоимости."
        ),
        "1500": "⚠️ Строка 1 «1500»: нет названия работы.",
        "Замена колодок -1500": "⚠️ Строка 1 «Замена колодок -1500»: Сумма не может быть",
        "Замена колодок 15,555": "⚠️ Строка 1 «Замена колодок 15,555»: После запятой",
        "Ремонт <b>всего</b> 100 000 001": (
            "⚠️ Строка 1 «Ремонт &lt;b&gt;всего&lt;/b&gt; 100 000 001»: Слишком большая сумма"
        ),
    }
    for text, error in cases.items():
        await harness.send(HEAD, text)
        screen = harness.screen(HEAD)
        assert screen.startswith(error), screen
        assert "Ничего не сохранено" in screen
        assert "Пришлите работы, по одной в строке" in screen  # the same question
        assert "[ ✅ Утвердить ]" in screen
    assert (await _order(session_factory, order_id)).works == []
    # A photo instead of text: the same question with a hint.
    await harness.send_photo(HEAD)
    assert harness.screen(HEAD).startswith("⚠️ Пришлите работы текстом")


async def test_approve_needs_a_work(harness, shop, session_factory):
    order_id = await shop.order_at(Stage.LABOUR_PRICING)
    await harness.tap(HEAD, act(order_id))
    await harness.tap_button(HEAD, "✅ Утвердить")
    screen = harness.screen(HEAD)
    assert screen.startswith("⚠️ Добавьте хотя бы одну работу.")
    assert "Пришлите работы" in screen
    assert (await _order(session_factory, order_id)).stage == Stage.LABOUR_PRICING


async def test_head_sends_order_back_with_a_comment(harness, shop, session_factory):
    order_id = await shop.order_at(Stage.LABOUR_PRICING)
    await harness.tap(HEAD, act(order_id))
    await harness.send(HEAD, "Замена стойки 900")
    await harness.tap_button(HEAD, "↩️ Вернуть на калькуляцию запчастей")
    screen = harness.screen(HEAD)
    assert "Напишите снабженцу, что исправить" in screen
    assert "[ ◀️ Назад ]  [ ✖️ Отмена ]" in screen

    await harness.send(HEAD, "   ")
    screen = harness.screen(HEAD)
    assert screen.startswith("⚠️ Комментарий обязателен")
    assert "Напишите снабженцу, что исправить" in screen
    await harness.send(HEAD, "x" * 501)
    assert harness.screen(HEAD).startswith("⚠️ Комментарий длиннее 500 знаков (501)")

    # Назад: back to the works, the one added is still there.
    await harness.tap_button(HEAD, "◀️ Назад")
    assert " 1. Замена стойки — 900 ₽" in harness.screen(HEAD)

    await harness.tap_button(HEAD, "↩️ Вернуть на калькуляцию запчастей")
    await harness.send(HEAD, "Стойка у Emex дешевле — проверьте цену")
    assert harness.screen(HEAD) == (
        f"↩️ Заказ № {order_id} возвращён на калькуляцию запчастей. "
        "Комментарий: Стойка у Emex дешевле — проверьте цену"
    )
    order = await _order(session_factory, order_id)
    assert order.stage == Stage.PARTS_PRICING and not order.labour_approved
    async with session_factory() as session:
        last = (await OrderQueries(session).history(order_id))[-1]
    assert (last.transition.from_stage, last.transition.to_stage) == (
        "LABOUR_PRICING",
        "PARTS_PRICING",
    )
    assert last.transition.reason == "Стойка у Emex дешевле — проверьте цену"
    assert last.actor_name == "Пётр Руководов"
    # The supplier gets the pricing task again; the master hears the order went back.
    assert f"💰 Калькуляция запчастей · № {order_id}" in harness.last_text(SUPPLIER)
    assert "Новая задача" in harness.last_text(SUPPLIER)
    assert "Заказ перешёл на этап «Калькуляция запчастей»." in harness.last_text(MASTER)


async def test_order_moved_meanwhile_ends_the_dialog(harness, shop, session_factory):
    order_id = await shop.order_at(Stage.LABOUR_PRICING)
    await harness.tap(HEAD, act(order_id))
    async with session_factory() as session:
        master = await session.get(Employee, shop.employee(Role.MASTER).id)
        await move_back(
            OrderWork(session),
            master,
            order_id,
            to_stage=Stage.PARTS_PRICING,
            reason="клиент",
            seen_stage="LABOUR_PRICING",
        )
    await harness.send(HEAD, "Замена колодок 1500")
    assert (
        harness.last_text(HEAD) == "Заказ уже на этапе «Калькуляция запчастей», действие не нужно."
    )
    assert (await _order(session_factory, order_id)).works == []
    # The dialog is over: the next text is not taken as works.
    await harness.send(HEAD, "Замена колодок 1500")
    assert "Калькуляция работ" not in harness.last_text(HEAD)


async def test_stale_entry_button_is_refused(harness, shop):
    order_id = await shop.order_at(Stage.CLIENT_APPROVAL)
    calls = await harness.tap(HEAD, act(order_id))
    assert calls[-1].text == "Заказ уже на этапе «Согласование с клиентом», действие не нужно."
