"""A partial delivery reads as one on the deal's timeline: each receipt says how many of how
many are in after it («1 из 2», then «2 из 2»), not the size of the receipt."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.crm.mirror.texts import comment_text
from services.orders import OrderWork, Stage
from services.orders.use_cases import receive_part
from services.staff.roles import Role
from services.storage.models import Employee, Order
from tests.fake_bitrix24 import FakePortal
from tests.mirror.portal import TEXTS, deal_comments, drain, set_up
from tests.mirror.walk import MirrorShop

LINK = "Стойка стабилизатора"


async def _receipt_comments(
    fake_portal: FakePortal,
    mirror_shop: MirrorShop,
    outbox_factory: async_sessionmaker[AsyncSession],
    amounts: list[str],
    of: str | None = None,
) -> tuple[list[str], list[str]]:
    """The storekeeper receives the stabiliser links (ordered ×2, or `of`) in `amounts`; the
    deal's comments, and the receipts among them, once the outbox has reached the portal."""
    await set_up(fake_portal, outbox_factory)
    order_id = await mirror_shop.order_at(Stage.AWAITING_DELIVERY)
    async with outbox_factory() as session:
        order = await session.get(Order, order_id)
        storekeeper = await session.get(Employee, mirror_shop.staff[Role.STOREKEEPER])
        assert order is not None and storekeeper is not None
        link = next(p for p in order.parts if p.name == LINK)
        if of is not None:
            link.quantity = Decimal(of)
            await session.commit()
        work = OrderWork(session)
        for amount in amounts:
            await receive_part(
                work,
                storekeeper,
                order_id,
                link.id,
                quantity=Decimal(amount),
                seen_stage=Stage.AWAITING_DELIVERY,
            )
    await drain(fake_portal, outbox_factory)
    texts = await deal_comments(fake_portal, outbox_factory, order_id)
    return texts, [t for t in texts if f"принял запчасть «{LINK}»" in t]


async def test_each_receipt_tells_how_many_of_how_many(
    fake_portal, mirror_shop: MirrorShop, outbox_factory
) -> None:
    # The stabiliser links (×2) come one at a time.
    texts, receipts = await _receipt_comments(fake_portal, mirror_shop, outbox_factory, ["1", "1"])
    assert len(receipts) == 2, texts
    assert "1 из 2" in receipts[0] and "2 из 2" not in receipts[0]
    assert "2 из 2" in receipts[1] and "1 из 2" not in receipts[1]


async def test_a_receipt_of_ten_reads_as_ten_not_an_exponent(
    fake_portal, mirror_shop: MirrorShop, outbox_factory
) -> None:
    """Decimal("10.000").normalize() prints «1E+1»: 4 then 6 of 10 read «4 из 10», «10 из 10»."""
    texts, receipts = await _receipt_comments(
        fake_portal, mirror_shop, outbox_factory, ["4.000", "6.000"], of="10.000"
    )
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
