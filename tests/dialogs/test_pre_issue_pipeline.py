"""The four stage dialogs in a row, each person starting from the notification they got:
head (labour) → master (client) → [purchase by the service] → storekeeper → master (issue)."""

from __future__ import annotations

from datetime import date, timedelta

from bot.callbacks import OrderCallback
from services.orders import OrderWork, Stage
from services.orders.use_cases import set_parts_order
from services.staff.roles import Role
from services.storage.models import Employee, Order
from tests.dialogs.conftest import HEAD, MASTER, STOREKEEPER, SUPPLIER


def act(order_id: int, stage: Stage) -> str:
    return OrderCallback(action="act", order_id=order_id, stage=stage.value).pack()


async def test_labour_to_done_through_the_dialogs(harness, shop, session_factory):
    order_id = await shop.order_at(Stage.LABOUR_PRICING)

    await harness.tap(HEAD, act(order_id, Stage.LABOUR_PRICING))
    await harness.send(HEAD, "Замена стойки стабилизатора 2400")
    await harness.tap_button(HEAD, "✅ Утвердить")
    assert "📞 Согласование с клиентом" in harness.last_text(MASTER)

    await harness.tap(MASTER, act(order_id, Stage.CLIENT_APPROVAL))
    assert "Итого: 6 300 ₽" in harness.screen(MASTER)
    await harness.tap_button(MASTER, "✅ Клиент согласен")
    await harness.tap_button(MASTER, "завтра")
    await harness.tap_button(MASTER, "11:00")
    await harness.tap_button(MASTER, "✅ Записать")
    assert "🛒 Закупка запчастей" in harness.last_text(SUPPLIER)

    # Purchase is another dialog's job: done through the service here.
    async with session_factory() as session:
        supplier = await session.get(Employee, shop.employee(Role.SUPPLIER).id)
        order = await session.get(Order, order_id)
        work = OrderWork(session)
        for n, part in enumerate(list(order.parts), 1):
            await set_parts_order(
                work,
                supplier,
                order_id,
                [part.id],
                vendor_order_no=f"E-{n}",
                expected_date=date.today() + timedelta(days=2),
                seen_stage=Stage.PARTS_PURCHASE,
            )
    await harness.tap(STOREKEEPER, act(order_id, Stage.AWAITING_DELIVERY))
    await harness.tap_button(STOREKEEPER, "Колодки передние 0/1")
    await harness.tap_button(STOREKEEPER, "все 1")
    await harness.tap_button(STOREKEEPER, "Стойка стабилизатора 0/2")
    await harness.tap_button(STOREKEEPER, "все 2")
    assert "📦 Все запчасти получены." in harness.screen(STOREKEEPER)
    assert "🔍 Контроль перед выдачей" in harness.last_text(MASTER)

    await harness.tap(MASTER, act(order_id, Stage.PRE_ISSUE_CHECK))
    for label in ("☐ Колодки", "☐ Стойка", "☐ Замена стойки"):
        await harness.tap_button(MASTER, label)
    await harness.tap_button(MASTER, "✅ Всё на месте, выдать")
    assert harness.screen(MASTER) == f"🏁 Заказ № {order_id} выдан и закрыт. Спасибо!"
    async with session_factory() as session:
        order = await session.get(Order, order_id)
        assert order is not None and order.stage == Stage.DONE
