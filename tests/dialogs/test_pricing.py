"""The supplier prices parts one at a time: buttons, one line, «нет в наличии», mistakes, back."""

from __future__ import annotations

from decimal import Decimal

from bot.callbacks import OrderCallback
from services.orders import OrderWork, Stage
from services.orders.use_cases import cancel, move_back
from services.staff.roles import Role
from services.storage.models import Employee, Order
from tests.dialogs.conftest import HEAD, MASTER, SUPPLIER


def act(order_id: int) -> str:
    return OrderCallback(action="act", order_id=order_id, stage=Stage.PARTS_PRICING.value).pack()


async def load(session_factory, order_id: int) -> Order:
    async with session_factory() as session:
        order = await session.get(Order, order_id)
        assert order is not None
        return order


def prices(order: Order) -> list[tuple]:
    return [
        (p.status, p.purchase_price, p.sale_price, p.vendor, p.delivery_days) for p in order.parts
    ]


async def test_one_line_form_prices_three_parts_and_tells_the_head(harness, shop, session_factory):
    order_id = await shop.order_at(Stage.PARTS_PRICING, parts=3)
    updates = [await harness.tap(SUPPLIER, act(order_id))]
    screen = harness.screen(SUPPLIER)
    assert f"№ {order_id} · часть 1 из 3: Колодки передние ×1" in screen
    assert "Артикул: 34116860016" in screen
    assert "Цена закупки за шт.?" in screen and "3100 4030 Emex 3" in screen
    assert "[ Нет в наличии ]" in screen and "[ ✖️ Отмена ]" in screen
    assert "◀️ Назад" not in screen  # nothing before the first part

    updates.append(await harness.send(SUPPLIER, "4200 - Автодок 2"))
    screen = harness.screen(SUPPLIER)
    assert "✅ Колодки передние: 4 200 ₽ → 5 460 ₽ · Автодок · 2 дн." in screen
    assert "часть 2 из 3: Стойка стабилизатора ×2" in screen
    updates.append(await harness.send(SUPPLIER, "3100 4030 Emex 3"))
    updates.append(await harness.send(SUPPLIER, "1500 нац Emex Россия 5"))
    # ux.md: a 3-part order in 9 interactions or fewer.
    assert len(updates) == 4

    done = harness.last_text(SUPPLIER)
    assert f"Калькуляция запчастей по заказу № {order_id} готова." in done
    assert "Закупка 11 900 ₽ · продажа 15 470 ₽" in done
    assert "3. Фильтр салона ×1 — 1 950 ₽ · Emex Россия · 5 дн." in done
    assert "Заказ передан на этап «Калькуляция работ»." in done
    assert "[" not in harness.screen(SUPPLIER).splitlines()[-1]  # the last screen has no buttons

    order = await load(session_factory, order_id)
    assert order.stage == Stage.LABOUR_PRICING
    assert prices(order) == [
        ("priced", Decimal("4200.00"), Decimal("5460.00"), "Автодок", 2),
        ("priced", Decimal("3100.00"), Decimal("4030.00"), "Emex", 3),
        ("priced", Decimal("1500.00"), Decimal("1950.00"), "Emex Россия", 5),
    ]
    head = harness.screen(HEAD)
    assert f"🔧 Калькуляция работ · № {order_id}" in head
    assert "Новая задача" in head and "[ 🙋 Беру ]" in head


async def test_a_priced_part_leads_to_the_next(harness, shop):
    order_id = await shop.order_at(Stage.PARTS_PRICING, parts=3)
    await harness.tap(SUPPLIER, act(order_id))
    await harness.send(SUPPLIER, "4200 - Автодок 2")
    assert "часть 2 из 3: Стойка стабилизатора ×2" in harness.screen(SUPPLIER)


async def test_buttons_price_three_parts_in_nine_interactions(harness, shop, session_factory):
    order_id = await shop.order_at(Stage.PARTS_PRICING, parts=3)
    taps = 0

    async def do(action, *args):  # type: ignore[no-untyped-def]
        nonlocal taps
        taps += 1
        return await action(SUPPLIER, *args)

    await do(harness.tap, act(order_id))
    await do(harness.send, "4200")
    screen = harness.screen(SUPPLIER)
    assert "Закупка 4 200 ₽ за шт. Цена продажи за шт.?" in screen
    assert "[ по наценке 30% = 5 460 ₽ ]" in screen
    assert "⚡" not in screen  # nothing to repeat before the first part is priced
    await do(harness.tap_button, "по наценке 30%")
    assert "Поставщик? Выберите или напишите название." in harness.screen(SUPPLIER)
    await do(harness.send, "Автодок")
    screen = harness.screen(SUPPLIER)
    assert "Поставщик: Автодок. Срок поставки, дней?" in screen
    assert "[ 1 ]  [ 2 ]  [ 3 ]  [ 5 ]  [ 7 ]  [ 14 ]" in screen
    await do(harness.tap_button, "2")
    assert "часть 2 из 3" in harness.screen(SUPPLIER)
    await do(harness.send, "3100")
    assert "[ ⚡ по наценке · Автодок · 2 дн. ]" in harness.screen(SUPPLIER)
    await do(harness.tap_button, "⚡")
    await do(harness.send, "1500")
    await do(harness.tap_button, "⚡")
    assert taps <= 9
    order = await load(session_factory, order_id)
    assert order.stage == Stage.LABOUR_PRICING
    assert [p.sale_price for p in order.parts] == [
        Decimal("5460.00"),
        Decimal("4030.00"),
        Decimal("1950.00"),
    ]
    assert {p.vendor for p in order.parts} == {"Автодок"}


async def test_recent_vendors_are_buttons_and_other_asks_for_a_name(harness, shop, session_factory):
    await shop.order_at(Stage.LABOUR_PRICING)  # priced with Emex
    order_id = await shop.order_at(Stage.PARTS_PRICING, parts=1)
    await harness.tap(SUPPLIER, act(order_id))
    await harness.send(SUPPLIER, "1000")
    await harness.send(SUPPLIER, "1500")  # a typed sale price
    screen = harness.screen(SUPPLIER)
    assert "[ Emex ]  [ другой… ]" in screen
    await harness.tap_button(SUPPLIER, "другой…")
    assert "Напишите название поставщика." in harness.screen(SUPPLIER)
    await harness.tap_button(SUPPLIER, "Назад")  # back to the sale price, kept
    assert "Сейчас: 1 500 ₽" in harness.screen(SUPPLIER)
    await harness.tap_button(SUPPLIER, "Оставить: 1 500 ₽")
    await harness.tap_button(SUPPLIER, "Emex")
    await harness.send(SUPPLIER, "3 дн")
    order = await load(session_factory, order_id)
    assert order.stage == Stage.LABOUR_PRICING
    assert prices(order) == [("priced", Decimal("1000.00"), Decimal("1500.00"), "Emex", 3)]


async def test_not_available_part_is_left_out(harness, shop, session_factory):
    order_id = await shop.order_at(Stage.PARTS_PRICING, parts=3)
    await harness.tap(SUPPLIER, act(order_id))
    await harness.send(SUPPLIER, "4200 - Автодок 2")
    await harness.tap_button(SUPPLIER, "Нет в наличии")
    screen = harness.screen(SUPPLIER)
    assert "✅ Стойка стабилизатора: нет в наличии." in screen
    assert "часть 3 из 3: Фильтр салона ×1" in screen
    await harness.send(SUPPLIER, "1000 - Emex 1")
    done = harness.last_text(SUPPLIER)
    assert "2. Стойка стабилизатора ×2 — нет в наличии" in done
    assert "Закупка 5 200 ₽ · продажа 6 760 ₽" in done
    order = await load(session_factory, order_id)
    assert order.stage == Stage.LABOUR_PRICING
    assert [p.status for p in order.parts] == ["priced", "unavailable", "priced"]


async def test_wrong_answers_get_a_message_and_the_same_question(harness, shop, session_factory):
    order_id = await shop.order_at(Stage.PARTS_PRICING, parts=1)
    await harness.tap(SUPPLIER, act(order_id))
    await harness.send(SUPPLIER, "дорого")
    screen = harness.screen(SUPPLIER)
    assert screen.startswith("Не понял сумму. Пришлите число в рублях")
    assert "часть 1 из 1" in screen and "Цена закупки за шт.?" in screen
    await harness.send(SUPPLIER, "-5")
    assert "Сумма не может быть отрицательной" in harness.screen(SUPPLIER)
    await harness.send(SUPPLIER, "1 500 нац Emex 5")  # a spaced price would shift the fields
    screen = harness.screen(SUPPLIER)
    assert screen.startswith("Не понял строку.") and "Цена закупки за шт.?" in screen
    await harness.send(SUPPLIER, "3100 4030 Emex через неделю")
    screen = harness.screen(SUPPLIER)
    assert screen.startswith("Срок — целое число дней от 0 до 365")
    assert "Цена закупки за шт.?" in screen
    await harness.send(SUPPLIER, "3100")
    await harness.send(SUPPLIER, "сорок")
    screen = harness.screen(SUPPLIER)
    assert "Не понял сумму" in screen and "Цена продажи за шт.?" in screen
    await harness.send(SUPPLIER, "-")  # «-»: by the markup
    await harness.send(SUPPLIER, "x" * 101)
    screen = harness.screen(SUPPLIER)
    assert "не длиннее 100 знаков" in screen and "Поставщик?" in screen
    await harness.send(SUPPLIER, "Emex")
    await harness.send(SUPPLIER, "400")
    screen = harness.screen(SUPPLIER)
    assert "Срок — целое число дней" in screen and "Срок поставки, дней?" in screen
    order = await load(session_factory, order_id)
    assert order.stage == Stage.PARTS_PRICING and order.parts[0].purchase_price is None
    await harness.send(SUPPLIER, "7")
    order = await load(session_factory, order_id)
    assert prices(order) == [("priced", Decimal("3100.00"), Decimal("4030.00"), "Emex", 7)]


async def test_back_keeps_answers_and_reaches_the_saved_part(harness, shop, session_factory):
    order_id = await shop.order_at(Stage.PARTS_PRICING, parts=2)
    await harness.tap(SUPPLIER, act(order_id))
    await harness.send(SUPPLIER, "3100")
    await harness.tap_button(SUPPLIER, "Назад")
    screen = harness.screen(SUPPLIER)
    assert "Цена закупки за шт.?" in screen and "Сейчас: 3 100 ₽" in screen
    await harness.tap_button(SUPPLIER, "Оставить: 3 100 ₽")
    assert "Закупка 3 100 ₽ за шт." in harness.screen(SUPPLIER)
    await harness.tap_button(SUPPLIER, "по наценке")
    await harness.send(SUPPLIER, "Emex")
    await harness.tap_button(SUPPLIER, "Назад")
    assert "Сейчас: Emex" in harness.screen(SUPPLIER)
    await harness.tap_button(SUPPLIER, "Назад")
    screen = harness.screen(SUPPLIER)
    assert "Сейчас: по наценке" in screen
    await harness.tap_button(SUPPLIER, "Оставить: по наценке")
    assert "Сейчас: Emex" in harness.screen(SUPPLIER)
    await harness.tap_button(SUPPLIER, "Оставить: Emex")
    await harness.tap_button(SUPPLIER, "3")
    assert "часть 2 из 2" in harness.screen(SUPPLIER)
    # Back from the next part: the saved part's last step, its answer kept.
    await harness.tap_button(SUPPLIER, "Назад")
    screen = harness.screen(SUPPLIER)
    assert "часть 1 из 2" in screen and "Сейчас: 3 дн." in screen
    await harness.tap_button(SUPPLIER, "5")  # a correction
    assert "часть 2 из 2" in harness.screen(SUPPLIER)
    order = await load(session_factory, order_id)
    assert order.stage == Stage.PARTS_PRICING
    assert prices(order)[0] == ("priced", Decimal("3100.00"), Decimal("4030.00"), "Emex", 5)


async def test_stopping_half_way_keeps_priced_parts(harness, shop, session_factory):
    order_id = await shop.order_at(Stage.PARTS_PRICING, parts=3)
    await harness.tap(SUPPLIER, act(order_id))
    await harness.send(SUPPLIER, "4200 - Автодок 2")
    await harness.tap_button(SUPPLIER, "Отмена")
    assert harness.last_text(SUPPLIER) == "Действие отменено."
    order = await load(session_factory, order_id)
    assert order.parts[0].purchase_price == Decimal("4200.00")
    await harness.tap(SUPPLIER, act(order_id), message_id=1)
    screen = harness.screen(SUPPLIER)
    assert "часть 2 из 3: Стойка стабилизатора ×2" in screen  # the priced part is skipped


async def test_all_priced_after_a_move_back_review_and_finish(harness, shop, session_factory):
    order_id = await shop.order_at(Stage.LABOUR_PRICING)
    async with session_factory() as session:
        head = await session.get(Employee, shop.employee(Role.HEAD).id)
        await move_back(
            OrderWork(session),
            head,
            order_id,
            to_stage=Stage.PARTS_PRICING,
            reason="Цена колодок устарела",
            seen_stage=Stage.LABOUR_PRICING,
        )
    await harness.tap(SUPPLIER, act(order_id))
    screen = harness.screen(SUPPLIER)
    assert f"№ {order_id} · все запчасти оценены" in screen
    assert "[ ✏️ 1. Колодки передние ]" in screen
    await harness.tap_button(SUPPLIER, "✏️ 1.")
    assert "часть 1 из 2" in harness.screen(SUPPLIER)
    await harness.send(SUPPLIER, "1200 - Emex 2")
    screen = harness.screen(SUPPLIER)
    assert "✅ Колодки передние: 1 200 ₽ → 1 560 ₽ · Emex · 2 дн." in screen
    assert "все запчасти оценены" in screen
    await harness.tap_button(SUPPLIER, "Передать на «Калькуляция работ»")
    assert "Заказ передан на этап «Калькуляция работ»." in harness.last_text(SUPPLIER)
    order = await load(session_factory, order_id)
    assert order.stage == Stage.LABOUR_PRICING
    assert order.parts[0].purchase_price == Decimal("1200.00")
    assert f"Калькуляция работ · № {order_id}" in harness.last_text(HEAD)


async def test_order_moved_meanwhile_ends_the_dialog(harness, shop, session_factory):
    order_id = await shop.order_at(Stage.PARTS_PRICING, parts=1)
    await harness.tap(SUPPLIER, act(order_id))
    async with session_factory() as session:
        director = await session.get(Employee, shop.employee(Role.DIRECTOR).id)
        await cancel(
            OrderWork(session),
            director,
            order_id,
            reason="Клиент передумал",
            seen_stage=Stage.PARTS_PRICING,
        )
    await harness.send(SUPPLIER, "3100 - Emex 3")
    assert harness.last_text(SUPPLIER) == "Заказ уже на этапе «Отказ», действие не нужно."


async def test_only_a_supplier_may_price(harness, shop):
    order_id = await shop.order_at(Stage.PARTS_PRICING)
    await harness.send(MASTER, "/start")
    calls = await harness.tap(MASTER, act(order_id))
    assert calls[-1].text == "Это действие вам недоступно."
