"""The supplier records vendor orders: two vendors, «тот же заказ для всех», dates, mistakes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.callbacks import OrderCallback
from services.normalize import format_date
from services.orders import OrderWork, Stage
from services.orders.use_cases import move_back, receive_part
from services.staff.roles import Role
from services.storage.models import Employee, Order, OrderPart
from tests.dialogs.conftest import HEAD, STOREKEEPER, SUPPLIER

SHOP_TZ = ZoneInfo("Europe/Moscow")


def act(order_id: int) -> str:
    return OrderCallback(action="act", order_id=order_id, stage=Stage.PARTS_PURCHASE.value).pack()


def today() -> datetime:
    return datetime.now(UTC).astimezone(SHOP_TZ)


async def order_with_vendors(shop, session_factory, vendors: list[str]) -> int:
    """An order in PARTS_PURCHASE whose parts were priced with these vendors (2 days each)."""
    order_id = await shop.order_at(Stage.PARTS_PURCHASE, parts=min(3, len(vendors)))
    async with session_factory() as session:
        parts = list(
            await session.scalars(
                select(OrderPart).where(OrderPart.order_id == order_id).order_by(OrderPart.position)
            )
        )
        for n in range(len(parts), len(vendors)):  # a 4th part, priced like the others
            parts.append(
                OrderPart(
                    order_id=order_id,
                    position=n + 1,
                    name="Масло моторное",
                    quantity=Decimal(5),
                    status="priced",
                    purchase_price=Decimal(900),
                    sale_price=Decimal(1170),
                    delivery_days=2,
                )
            )
            session.add(parts[-1])
        for part, vendor in zip(parts, vendors, strict=True):
            part.vendor = vendor
        await session.commit()
    return order_id


async def load(session_factory, order_id: int) -> Order:
    async with session_factory() as session:
        order = await session.get(Order, order_id)
        assert order is not None
        return order


async def test_two_vendors_and_same_order_for_all(harness, shop, session_factory):
    order_id = await order_with_vendors(shop, session_factory, ["Emex", "Автодок", "Emex", "Emex"])
    day = today().date()
    in_two = format_date(day + timedelta(days=2), "ru")
    tomorrow = day + timedelta(days=1)
    updates = await _emex_parts(harness, order_id, in_two)
    updates += await _avtodok_part(harness)
    assert len(updates) == 8

    done = harness.last_text(SUPPLIER)
    assert f"Закупка по заказу № {order_id} записана." in done
    assert (
        f"2. Стойка стабилизатора ×2 · Автодок · заказ A-1 · ждём {format_date(tomorrow, 'ru')}"
        in done
    )
    assert "Заказ передан на этап «Ожидание поставки»." in done
    order = await load(session_factory, order_id)
    assert order.stage == Stage.AWAITING_DELIVERY
    assert [(p.vendor_order_no, p.expected_date, p.status) for p in order.parts] == [
        ("E-55812", day + timedelta(days=2), "ordered"),
        ("A-1", tomorrow, "ordered"),
        ("E-55812", day + timedelta(days=2), "ordered"),
        ("E-55812", day + timedelta(days=2), "ordered"),
    ]
    notice = harness.screen(STOREKEEPER)
    assert f"🚚 Ожидание поставки · № {order_id}" in notice and "Новая задача" in notice


async def _emex_parts(harness, order_id: int, in_two: str) -> list[object]:  # type: ignore[no-untyped-def]
    """Emex's three parts: the first one by one, the other two with «the same order»."""
    updates = [await harness.tap(SUPPLIER, act(order_id))]
    screen = harness.screen(SUPPLIER)
    assert f"🛒 № {order_id} · деталь 1 из 4: Колодки передние ×1" in screen
    assert "Поставщик: Emex · срок 2 дн." in screen and "Номер заказа у поставщика?" in screen

    updates.append(await harness.send(SUPPLIER, "E-55812"))
    screen = harness.screen(SUPPLIER)
    assert "Заказ E-55812. Когда ждём поставку?" in screen
    assert f"[ {in_two} (через 2 дн.) ]  [ завтра ]" in screen and "[ другая дата… ]" in screen
    updates.append(await harness.tap_button(SUPPLIER, "через 2 дн."))
    screen = harness.screen(SUPPLIER)
    assert f"✅ Колодки передние: заказ E-55812, ждём {in_two}." in screen
    # The vendor's parts come one after another: the number typed once serves them all.
    assert "деталь 2 из 4: Фильтр салона ×1" in screen
    assert "[ Тот же заказ E-55812 для всех деталей Emex ]" in screen
    updates.append(await harness.tap_button(SUPPLIER, "для всех деталей Emex"))
    screen = harness.screen(SUPPLIER)
    assert f"✅ Заказ E-55812 (Emex, ждём {in_two}): деталей — 2." in screen
    assert "деталь 4 из 4: Стойка стабилизатора ×2" in screen
    assert "Поставщик: Автодок" in screen and "Тот же заказ" not in screen
    return updates


async def _avtodok_part(harness) -> list[object]:  # type: ignore[no-untyped-def]
    """Автодок's part: a date that does not exist, then another typed date."""
    updates = []
    updates.append(await harness.send(SUPPLIER, "A-1"))
    updates.append(await harness.send(SUPPLIER, "31.02"))
    screen = harness.screen(SUPPLIER)
    assert screen.startswith("Такой даты нет в календаре.")
    assert "Заказ A-1. Когда ждём поставку?" in screen
    updates.append(await harness.tap_button(SUPPLIER, "другая дата…"))
    assert "Пришлите дату поставки" in harness.screen(SUPPLIER)
    updates.append(await harness.send(SUPPLIER, "завтра"))
    return updates


async def test_an_ordered_part_leads_to_the_next(harness, shop, session_factory):
    order_id = await order_with_vendors(shop, session_factory, ["Emex", "Автодок"])
    await harness.tap(SUPPLIER, act(order_id))
    await harness.send(SUPPLIER, "E-55812")
    await harness.tap_button(SUPPLIER, "через 2 дн.")
    assert "деталь 2 из 2" in harness.screen(SUPPLIER)


async def test_the_same_vendor_order_for_all_is_one_step(harness, shop, session_factory):
    """«Тот же заказ … для всех деталей» saves the vendor's parts in one use case: one new
    version of the order."""
    order_id = await order_with_vendors(shop, session_factory, ["Emex", "Emex", "Emex", "Emex"])
    await harness.tap(SUPPLIER, act(order_id))
    await harness.send(SUPPLIER, "E-55812")
    await harness.tap_button(SUPPLIER, "через 2 дн.")
    version = (await load(session_factory, order_id)).version
    await harness.tap_button(SUPPLIER, "для всех деталей Emex")
    assert "передан на этап «Ожидание поставки»" in harness.screen(SUPPLIER)
    assert (await load(session_factory, order_id)).version == version + 1


async def test_back_keeps_the_number_and_a_past_date_is_refused(harness, shop, session_factory):
    order_id = await order_with_vendors(shop, session_factory, ["Emex", "Автодок"])
    await harness.tap(SUPPLIER, act(order_id))
    await harness.send(SUPPLIER, "x" * 65)
    screen = harness.screen(SUPPLIER)
    assert screen.startswith("Номер заказа — не длиннее 64 знаков.")
    assert "Номер заказа у поставщика?" in screen
    await harness.send(SUPPLIER, "E-1")
    await harness.tap_button(SUPPLIER, "Назад")
    screen = harness.screen(SUPPLIER)
    assert "Номер заказа у поставщика?" in screen and "Сейчас: E-1" in screen
    await harness.tap_button(SUPPLIER, "Оставить: E-1")
    yesterday = today().date() - timedelta(days=1)
    await harness.send(SUPPLIER, yesterday.strftime("%d.%m.%Y"))
    screen = harness.screen(SUPPLIER)
    assert screen.startswith("Эта дата уже прошла.") and "Заказ E-1." in screen
    await harness.tap_button(SUPPLIER, "завтра")
    assert "деталь 2 из 2" in harness.screen(SUPPLIER)
    await harness.tap_button(SUPPLIER, "Назад")  # the saved part's date, kept
    screen = harness.screen(SUPPLIER)
    assert "деталь 1 из 2" in screen and "Сейчас: " in screen
    order = await load(session_factory, order_id)
    assert order.stage == Stage.PARTS_PURCHASE and order.parts[0].vendor_order_no == "E-1"


async def test_all_ordered_after_a_move_back_review_and_finish(harness, shop, session_factory):
    order_id = await shop.order_at(Stage.AWAITING_DELIVERY)
    async with session_factory() as session:
        supplier = await session.get(Employee, shop.employee(Role.SUPPLIER).id)
        await move_back(
            OrderWork(session),
            supplier,
            order_id,
            to_stage=Stage.PARTS_PURCHASE,
            reason="Emex сменил номер заказа",
            seen_stage=Stage.AWAITING_DELIVERY,
        )
    await harness.tap(SUPPLIER, act(order_id))
    screen = harness.screen(SUPPLIER)
    assert f"№ {order_id} · все запчасти заказаны" in screen
    await harness.tap_button(SUPPLIER, "✏️ 2.")
    await harness.send(SUPPLIER, "E-77")
    await harness.tap_button(SUPPLIER, "завтра")
    screen = harness.screen(SUPPLIER)
    assert "✅ Стойка стабилизатора: заказ E-77" in screen and "все запчасти заказаны" in screen
    await harness.tap_button(SUPPLIER, "Передать на «Ожидание поставки»")
    assert "Заказ передан на этап «Ожидание поставки»." in harness.last_text(SUPPLIER)
    order = await load(session_factory, order_id)
    assert order.stage == Stage.AWAITING_DELIVERY and order.parts[1].vendor_order_no == "E-77"
    assert f"№ {order_id}" in harness.last_text(STOREKEEPER)


async def test_deliveries_list_after_a_partial_receipt(harness, shop, session_factory):
    await harness.send(SUPPLIER, "🚚 Поставки")
    assert harness.last_text(SUPPLIER) == "🚚 Ждать нечего: всё заказанное уже пришло."
    order_id = await shop.order_at(Stage.AWAITING_DELIVERY)
    async with session_factory() as session:
        keeper = await session.get(Employee, shop.employee(Role.STOREKEEPER).id)
        order = await session.get(Order, order_id)
        await receive_part(
            OrderWork(session),
            keeper,
            order_id,
            order.parts[0].id,
            quantity=Decimal(1),
            seen_stage=Stage.AWAITING_DELIVERY,
        )
        await receive_part(
            OrderWork(session),
            keeper,
            order_id,
            order.parts[1].id,
            quantity=Decimal(1),
            seen_stage=Stage.AWAITING_DELIVERY,
        )
    await harness.send(SUPPLIER, "🚚 Поставки")
    screen = harness.screen(SUPPLIER)
    due = format_date(date.today() + timedelta(days=3), "ru")  # as the shop fixture orders
    assert "🚚 Поставки: ждём позиций — 1" in screen
    assert f"№ {order_id} · Стойка стабилизатора 1/2 · Emex · заказ E-2 · ждём {due}" in screen
    assert "Колодки передние" not in screen  # fully received
    await harness.tap_button(SUPPLIER, f"Открыть № {order_id}")
    assert f"Ожидание поставки · № {order_id}" in harness.screen(SUPPLIER)


async def test_deliveries_are_the_suppliers(harness, shop):
    await harness.send(HEAD, "🚚 Поставки")
    assert harness.last_text(HEAD) == "Это действие вам недоступно."
