"""Taking money in from the CRM under races and odd values (found in review): the bot's own
change made while an event is applied wins, two appliers add one correction, ambiguous or
unreadable rows are put back, never taken in."""

from __future__ import annotations

import asyncio
from decimal import Decimal

import pytest

from services.crm.inbound import deals as deals_module
from services.crm.inbound import money as money_module
from services.crm.inbound.deals import apply_deal
from services.crm.outbox import Kind, enqueue
from services.orders import Stage
from services.storage.models import Order, OrderPart
from tests.inbound.test_money import _rows, _set_rows, _total
from tests.inbound.two_way import TwoWay


async def _bot_prices_meanwhile(two_way: TwoWay, part_id: int, price: Decimal) -> None:
    async with two_way.factory() as session:
        part = await session.get(OrderPart, part_id)
        assert part is not None
        part.sale_price = price
        enqueue(session, Kind.DEAL_SYNC, part.order_id)
        await session.commit()


@pytest.mark.parametrize("sent_meanwhile", [False, True])
async def test_a_price_saved_in_the_bot_while_an_event_is_applied_wins(
    two_way: TwoWay, monkeypatch: pytest.MonkeyPatch, sent_meanwhile: bool
) -> None:
    order = await two_way.order_at(Stage.CLIENT_APPROVAL)
    part = order.parts[0]
    new_price = (part.sale_price or Decimal(0)) + 100
    real = deals_module.take_in_rows

    async def supplier_saves_meanwhile(ib, order_id):  # type: ignore[no-untyped-def]
        await _bot_prices_meanwhile(two_way, part.id, new_price)
        if sent_meanwhile:
            await two_way.relay()  # another process's relay sends it at once
        return await real(ib, order_id)

    monkeypatch.setattr(deals_module, "take_in_rows", supplier_saves_meanwhile)
    outcome = await apply_deal(await two_way.loop.inbound(), order.bitrix_deal_id)
    fresh = await two_way.order(order.id)
    assert "taken in" not in outcome
    assert [p.sale_price for p in fresh.parts if p.id == part.id] == [new_price]
    assert all(w.kind != "adjustment" for w in fresh.works)


async def test_two_appliers_at_once_add_one_correction(two_way: TwoWay) -> None:
    order = await two_way.order_at(Stage.CLIENT_APPROVAL)
    agreed = _total(order) - 500
    await two_way.call(
        "crm.deal.update", {"id": order.bitrix_deal_id, "fields": {"OPPORTUNITY": str(agreed)}}
    )
    first, second = await two_way.loop.inbound(), await two_way.loop.inbound()
    await asyncio.gather(
        apply_deal(first, order.bitrix_deal_id),
        apply_deal(second, order.bitrix_deal_id),
        return_exceptions=True,  # SQLite may refuse the second writer: it is retried later
    )
    await two_way.settle()
    await two_way.both_ways()
    fresh = await two_way.order(order.id)
    assert len([w for w in fresh.works if w.kind == "adjustment"]) == 1
    assert _total(fresh) == agreed


async def test_parts_of_one_name_are_not_guessed_at(two_way: TwoWay) -> None:
    order = await two_way.order_at(Stage.CLIENT_APPROVAL)
    async with two_way.factory() as session:
        fresh = await session.get(Order, order.id)
        assert fresh is not None
        a, b = fresh.parts[0], fresh.parts[1]
        b.name = a.name
        a.sale_price, b.sale_price = Decimal(100), Decimal(200)
        enqueue(session, Kind.DEAL_SYNC, fresh.id)
        await session.commit()
    await two_way.both_ways()
    rows = await _rows(two_way, order)
    for row in rows:
        if Decimal(str(row["PRICE"])) == 100:
            row["PRICE"] = "150"
    await _set_rows(two_way, order, rows)
    await two_way.settle()
    await two_way.both_ways()
    fresh = await two_way.order(order.id)
    assert sorted(p.sale_price for p in fresh.parts[:2]) == [100, 200]
    assert sorted(Decimal(str(r["PRICE"])) for r in await _rows(two_way, order))[:2] != [150]


async def test_quantity_zeroed_in_crm_is_put_back(two_way: TwoWay) -> None:
    order = await two_way.order_at(Stage.CLIENT_APPROVAL)
    rows = await _rows(two_way, order)
    rows[1]["QUANTITY"] = 0
    await _set_rows(two_way, order, rows)
    await two_way.settle()
    await two_way.both_ways()
    fresh = await two_way.order(order.id)
    assert [p.quantity for p in fresh.parts] == [p.quantity for p in order.parts]


async def test_not_a_number_amount_is_put_back_without_an_error(
    two_way: TwoWay, monkeypatch: pytest.MonkeyPatch
) -> None:
    order = await two_way.order_at(Stage.CLIENT_APPROVAL)
    real = money_module.read_deal

    async def nan_amount(ib, deal_id):  # type: ignore[no-untyped-def]
        deal = await real(ib, deal_id)
        deal.raw["OPPORTUNITY"] = "NaN"
        return deal

    monkeypatch.setattr(money_module, "read_deal", nan_amount)
    outcome = await apply_deal(await two_way.loop.inbound(), order.bitrix_deal_id)
    assert outcome  # applied (put back), not raised
    assert _total(await two_way.order(order.id)) == _total(order)
