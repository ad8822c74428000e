"""The deal's timeline comments show what people read in the bot: shop-time dates in Russian
(«чт 10.12, 10:00») and money as «3 100 ₽», never `2026-12-10T07:00:00+00:00` or `3100.00`."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from services.crm.mirror.context import ShopFormat
from services.crm.mirror.texts import comment_text
from services.orders import OrderWork, Stage
from services.orders.use_cases import (
    add_works,
    approve_labour,
    price_part,
    record_client_approval,
    set_parts_order,
)
from services.staff.roles import Role
from services.storage.models import Employee, Order
from tests.mirror.portal import TEXTS, deal_comments, drain, set_up
from tests.mirror.walk import MirrorShop

# The shop's clock for the steps below: Monday 7 December 2026, 12:00 in Moscow.
NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


async def _price_approve_and_order(mirror_shop: MirrorShop, outbox_factory, order_id: int) -> None:  # type: ignore[no-untyped-def]
    """Both parts priced, a work added and approved, the client agreed, the parts ordered."""
    async with outbox_factory() as session:
        work = OrderWork(session, lambda: NOW)
        supplier = await session.get(Employee, mirror_shop.staff[Role.SUPPLIER])
        head = await session.get(Employee, mirror_shop.staff[Role.HEAD])
        master = await session.get(Employee, mirror_shop.staff[Role.MASTER])
        order = await session.get(Order, order_id)
        assert supplier and head and master and order
        pads, link = [p.id for p in order.parts]
        stage = Stage.PARTS_PRICING
        prices = {
            pads: {"purchase_price": Decimal("3100"), "sale_price": Decimal("4030")},
            link: {"purchase_price": Decimal("950.50")},
        }
        for part_id, price in prices.items():
            await price_part(
                work,
                supplier,
                order_id,
                part_id,
                vendor="Emex",
                delivery_days=2,
                seen_stage=stage,
                **price,
            )
        stage = Stage.LABOUR_PRICING
        await add_works(
            work, head, order_id, [("Замена колодок", Decimal(12500))], seen_stage=stage
        )
        await approve_labour(work, head, order_id, seen_stage=stage)
        await record_client_approval(
            work,
            master,
            order_id,
            appointment_at=datetime(2026, 12, 10, 7, 0, tzinfo=UTC),
            seen_stage=Stage.CLIENT_APPROVAL,
        )
        await set_parts_order(
            work,
            supplier,
            order_id,
            [pads, link],
            vendor_order_no="E-55812",
            expected_date=date(2026, 12, 14),
            seen_stage=Stage.PARTS_PURCHASE,
        )


async def test_comments_show_shop_time_and_roubles(
    fake_portal, mirror_shop: MirrorShop, outbox_factory
) -> None:
    await set_up(fake_portal, outbox_factory)
    order_id = await mirror_shop.order_at()
    await _price_approve_and_order(mirror_shop, outbox_factory, order_id)
    await drain(fake_portal, outbox_factory)
    text = "\n".join(await deal_comments(fake_portal, outbox_factory, order_id))
    assert "оценил запчасть «Колодки передние»: закупка 3 100 ₽, продажа 4 030 ₽ за шт." in text
    assert "закупка 950,50 ₽, продажа 1 236 ₽ за шт." in text
    assert "добавил работу «Замена колодок»: 12 500 ₽" in text
    assert "согласовал с клиентом, запись: чт 10.12, 10:00" in text
    assert "заказал запчасть «Стойка стабилизатора»: заказ E-55812, поставка пн 14.12" in text
    assert "2026-12" not in text and ".00" not in text


def test_journal_facts_are_shown_in_words_and_codes_left_out() -> None:
    payload = {
        "actor": "Олег Снабженцев",
        "actions": [
            {"action": "part.priced", "part": "Колодки", "purchase": "3100.00", "sale": "4030.5"},
            {"action": "client.approved", "appointment_at": "2026-12-10T07:00:00+00:00"},
            # A journal action with no line of its own is no sentence for people.
            {"action": "order.master_changed", "old": 3, "new": 4},
            {"action": "вернул сумму сделки из бота."},
        ],
        "moves": [{"from": "LABOUR_PRICING", "to": "CLIENT_APPROVAL", "reason": None}],
    }
    text = comment_text(TEXTS, payload, ShopFormat("ru"))
    assert text.splitlines() == [
        "Олег Снабженцев:",
        "оценил запчасть «Колодки»: закупка 3 100 ₽, продажа 4 030,50 ₽ за шт.",
        "согласовал с клиентом, запись: чт 10.12, 10:00",
        "вернул сумму сделки из бота.",
        "Этап: Калькуляция работ → Согласование с клиентом",
    ]
