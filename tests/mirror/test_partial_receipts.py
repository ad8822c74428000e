"""A partial delivery reads as one on the deal's timeline: each receipt says how many of how
many are in after it («1 из 2», then «2 из 2»), not the size of the receipt."""

from __future__ import annotations

from decimal import Decimal

from services.mirror.texts import comment_text
from services.orders import OrderService, Stage
from services.roles import Role
from services.storage.models import Employee, Order
from tests.mirror.portal import TEXTS, comments, relay_for, set_up
from tests.mirror.walk import MirrorShop


async def test_each_receipt_tells_how_many_of_how_many(
    fake_portal, mirror_shop: MirrorShop, outbox_factory
) -> None:
    await set_up(fake_portal, outbox_factory)
    client_id, car_id = await mirror_shop.client_and_car()
    order_id = await mirror_shop.new_order(client_id, car_id)
    while await mirror_shop.stage(order_id) is not Stage.AWAITING_DELIVERY:
        await mirror_shop.advance(order_id)
    async with outbox_factory() as session:
        order = await session.get(Order, order_id)
        storekeeper = await session.get(Employee, mirror_shop.staff[Role.STOREKEEPER])
        assert order is not None and storekeeper is not None
        link = next(p for p in order.parts if p.name == "Стойка стабилизатора")
        orders = OrderService(session)
        for _ in range(2):  # the stabiliser links (×2) come one at a time
            await orders.receive_part(
                storekeeper,
                order_id,
                link.id,
                quantity=Decimal(1),
                seen_stage=Stage.AWAITING_DELIVERY,
            )
        deal_id = order.bitrix_deal_id
    relay = relay_for(fake_portal, outbox_factory)
    try:
        await relay.drain()
    finally:
        await relay.close()
        await relay.client.close()
    async with outbox_factory() as session:
        deal_id = (await session.get(Order, order_id)).bitrix_deal_id  # type: ignore[union-attr]
    texts = comments(fake_portal, deal_id)
    receipts = [t for t in texts if "принял запчасть «Стойка стабилизатора»" in t]
    assert len(receipts) == 2, texts
    assert "1 из 2" in receipts[0] and "2 из 2" not in receipts[0]
    assert "2 из 2" in receipts[1] and "1 из 2" not in receipts[1]


async def test_a_receipt_of_ten_reads_as_ten_not_an_exponent(
    fake_portal, mirror_shop: MirrorShop, outbox_factory
) -> None:
    """Decimal("10.000").normalize() prints «1E+1»: 4 then 6 of 10 read «4 из 10», «10 из 10»."""
    await set_up(fake_portal, outbox_factory)
    client_id, car_id = await mirror_shop.client_and_car()
    order_id = await mirror_shop.new_order(client_id, car_id)
    while await mirror_shop.stage(order_id) is not Stage.AWAITING_DELIVERY:
        await mirror_shop.advance(order_id)
    async with outbox_factory() as session:
        order = await session.get(Order, order_id)
        storekeeper = await session.get(Employee, mirror_shop.staff[Role.STOREKEEPER])
        assert order is not None and storekeeper is not None
        link = next(p for p in order.parts if p.name == "Стойка стабилизатора")
        link.quantity = Decimal("10.000")
        await session.commit()
        orders = OrderService(session)
        for amount in ("4.000", "6.000"):
            await orders.receive_part(
                storekeeper,
                order_id,
                link.id,
                quantity=Decimal(amount),
                seen_stage=Stage.AWAITING_DELIVERY,
            )
    relay = relay_for(fake_portal, outbox_factory)
    try:
        await relay.drain()
    finally:
        await relay.close()
        await relay.client.close()
    async with outbox_factory() as session:
        deal_id = (await session.get(Order, order_id)).bitrix_deal_id  # type: ignore[union-attr]
    texts = comments(fake_portal, deal_id)
    receipts = [t for t in texts if "принял запчасть «Стойка стабилизатора»" in t]
    assert len(receipts) == 2, texts
    assert "«Стойка стабилизатора»: 4, теперь 4 из 10" in receipts[0], receipts[0]
    assert "«Стойка стабилизатора»: 6, теперь 10 из 10" in receipts[1], receipts[1]
    assert not any("E+" in t for t in texts), texts


def test_a_receipt_queued_before_the_count_was_kept_reads_without_it() -> None:
    """Outbox rows queued before «received» was kept: no «теперь  из 2» with a hole in it."""
    payload = {
        "actor": "Кладовщик",
        "actions": [{"action": "part.received", "part": "Фильтр", "quantity": "1", "unit": "1E+1"}],
    }
    text = comment_text(TEXTS, payload)
    assert "принял запчасть «Фильтр»: 1" in text, text
    assert "теперь" not in text and "E+" not in text, text
