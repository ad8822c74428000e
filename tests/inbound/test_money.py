"""Amounts, prices and quantities edited in the CRM are taken in (README, "Two-way sync")."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select

from services.orders import Stage, compute_totals
from services.storage.models import AuditEvent, Order
from tests.inbound.two_way import TwoWay


async def _deal(two_way: TwoWay, order: Order) -> dict[str, Any]:
    return await two_way.call("crm.deal.get", {"id": order.bitrix_deal_id})


async def _rows(two_way: TwoWay, order: Order) -> list[dict[str, Any]]:
    rows = await two_way.call("crm.deal.productrows.get", {"id": order.bitrix_deal_id})
    return [
        {"PRODUCT_NAME": r["PRODUCT_NAME"], "PRICE": r["PRICE"], "QUANTITY": r["QUANTITY"]}
        for r in rows
    ]


async def _set_rows(two_way: TwoWay, order: Order, rows: list[dict[str, Any]]) -> None:
    await two_way.call("crm.deal.productrows.set", {"id": order.bitrix_deal_id, "rows": rows})


def _total(order: Order) -> Decimal:
    return compute_totals(order.parts, order.works).grand_total


async def test_amount_typed_in_crm_becomes_a_correction_line(two_way: TwoWay) -> None:
    order = await two_way.order_at(Stage.CLIENT_APPROVAL)
    before = _total(order)
    agreed = before - Decimal(500)  # the head gave the client a discount in the CRM
    await two_way.call(
        "crm.deal.update", {"id": order.bitrix_deal_id, "fields": {"OPPORTUNITY": str(agreed)}}
    )
    await two_way.settle()
    fresh = await two_way.order(order.id)
    assert _total(fresh) == agreed
    correction = [w for w in fresh.works if w.kind == "adjustment"]
    assert [(w.name, w.cost) for w in correction] == [("Корректировка суммы (Bitrix24)", -500)]
    async with two_way.factory() as session:
        logged = await session.scalar(
            select(AuditEvent).where(AuditEvent.action == "order.money_changed")
        )
    assert logged is not None and logged.details["source"] == "bitrix24"
    # The bot writes its rows back (the correction among them); the echo changes nothing.
    counts = await two_way.counts()
    await two_way.both_ways()
    deal = await _deal(two_way, order)
    assert Decimal(deal["OPPORTUNITY"]) == agreed
    names = [r["PRODUCT_NAME"] for r in await _rows(two_way, order)]
    assert "Корректировка суммы (Bitrix24)" in names
    assert await two_way.counts() == counts
    assert _total(await two_way.order(order.id)) == agreed
    assert any("принял из Bitrix24 сумму" in c for c in two_way.comments(order.bitrix_deal_id))


async def test_second_amount_edit_moves_the_same_correction(two_way: TwoWay) -> None:
    order = await two_way.order_at(Stage.CLIENT_APPROVAL)
    base = _total(order)
    for agreed in (base + 700, base):
        await two_way.call(
            "crm.deal.update", {"id": order.bitrix_deal_id, "fields": {"OPPORTUNITY": str(agreed)}}
        )
        await two_way.settle()
        await two_way.both_ways()
        assert _total(await two_way.order(order.id)) == agreed
    # Back to the calculated total: no correction line is left.
    assert all(w.kind != "adjustment" for w in (await two_way.order(order.id)).works)


async def test_row_price_edited_in_crm_becomes_the_sale_price(two_way: TwoWay) -> None:
    order = await two_way.order_at(Stage.CLIENT_APPROVAL)
    rows = await _rows(two_way, order)
    first = order.parts[0]
    for row in rows:
        if row["PRODUCT_NAME"] == first.name:
            row["PRICE"] = "1450.00"
    await _set_rows(two_way, order, rows)  # the portal recomputes the amount from the rows
    await two_way.settle()
    fresh = await two_way.order(order.id)
    assert fresh.parts[0].sale_price == Decimal("1450.00")
    assert all(w.kind != "adjustment" for w in fresh.works)
    assert Decimal((await _deal(two_way, order))["OPPORTUNITY"]) == _total(fresh)
    counts = await two_way.counts()
    await two_way.both_ways()
    assert await two_way.counts() == counts
    assert (await two_way.order(order.id)).parts[0].sale_price == Decimal("1450.00")


async def test_quantity_taken_before_purchase_put_back_after(two_way: TwoWay) -> None:
    order = await two_way.order_at(Stage.CLIENT_APPROVAL)
    rows = await _rows(two_way, order)
    rows[0]["QUANTITY"] = 4
    await _set_rows(two_way, order, rows)
    await two_way.settle()
    fresh = await two_way.order(order.id)
    assert fresh.parts[0].quantity == 4

    bought = await two_way.order_at(Stage.AWAITING_DELIVERY, second=True)
    rows = await _rows(two_way, bought)
    rows[0]["QUANTITY"] = 9
    await _set_rows(two_way, bought, rows)
    await two_way.settle()
    await two_way.both_ways()
    again = await two_way.order(bought.id)
    assert again.parts[0].quantity == bought.parts[0].quantity
    put_back = await _rows(two_way, bought)
    assert Decimal(str(put_back[0]["QUANTITY"])) == bought.parts[0].quantity
    assert any("вернул сумму и товары" in c for c in two_way.comments(bought.bitrix_deal_id))


async def test_row_removed_in_crm_is_put_back(two_way: TwoWay) -> None:
    order = await two_way.order_at(Stage.LABOUR_PRICING)
    rows = await _rows(two_way, order)
    await _set_rows(two_way, order, rows[1:])
    await two_way.settle()
    await two_way.both_ways()
    assert len(await _rows(two_way, order)) == len(rows)
    assert len((await two_way.order(order.id)).parts) == len(order.parts)


async def test_closed_order_amount_is_put_back(two_way: TwoWay) -> None:
    order = await two_way.order_at(Stage.DONE)
    total = _total(order)
    await two_way.call(
        "crm.deal.update", {"id": order.bitrix_deal_id, "fields": {"OPPORTUNITY": "1"}}
    )
    await two_way.settle()
    await two_way.both_ways()
    assert _total(await two_way.order(order.id)) == total
    assert Decimal((await _deal(two_way, order))["OPPORTUNITY"]) == total


async def test_unreadable_or_negative_amount_is_put_back(two_way: TwoWay) -> None:
    order = await two_way.order_at(Stage.CLIENT_APPROVAL)
    total = _total(order)
    await two_way.call(
        "crm.deal.update", {"id": order.bitrix_deal_id, "fields": {"OPPORTUNITY": "-5000"}}
    )
    await two_way.settle()
    await two_way.both_ways()
    assert _total(await two_way.order(order.id)) == total
    assert Decimal((await _deal(two_way, order))["OPPORTUNITY"]) == total
