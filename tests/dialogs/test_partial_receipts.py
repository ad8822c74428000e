"""A partial delivery reads as one: the master's notice says how many of how many are in."""

from __future__ import annotations

from bot.callbacks import OrderCallback
from services.orders import Stage
from tests.dialogs.conftest import MASTER, STOREKEEPER


async def test_masters_notice_counts_what_is_in_after_each_receipt(harness, shop):
    order_id = await shop.order_at(Stage.AWAITING_DELIVERY, parts=3)
    await harness.tap(
        STOREKEEPER,
        OrderCallback(action="act", order_id=order_id, stage="AWAITING_DELIVERY").pack(),
    )
    await harness.tap_button(STOREKEEPER, "Стойка стабилизатора 0/2")
    await harness.tap_button(STOREKEEPER, "1")
    notice = harness.last_text(MASTER)
    assert "Пришла запчасть: Стойка стабилизатора — 1 из 2." in notice, notice

    await harness.tap_button(STOREKEEPER, "Стойка стабилизатора 1/2")
    await harness.tap_button(STOREKEEPER, "все 1")
    notice = harness.last_text(MASTER)
    assert "Пришла запчасть: Стойка стабилизатора — 2 из 2." in notice, notice
