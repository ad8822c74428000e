"""Both sides changed the same field between two syncs: the README's rules hold."""

from __future__ import annotations

from services.orders import Stage
from services.staff.roles import Role
from services.staff.service import StaffService
from services.storage.models import Order
from tests.inbound.two_way import TwoWay


async def _order(two_way: TwoWay) -> Order:
    client_id, car_id = await two_way.shop.client_and_car()
    order_id = await two_way.shop.new_order(client_id, car_id)
    await two_way.both_ways()
    async with two_way.factory() as session:
        order = await session.get(Order, order_id)
    assert order is not None and order.bitrix_deal_id is not None
    return order


async def test_stage_changed_on_both_sides_the_later_crm_move_wins(two_way: TwoWay) -> None:
    order = await _order(two_way)
    await two_way.shop.advance(order.id)  # priced in the bot: LABOUR_PRICING, not sent yet
    # Then someone cancels the deal in the CRM: a person's move, not an echo of the bot's.
    lose = two_way.mapping.stages[Stage.CANCELLED]
    await two_way.move_deal(order.bitrix_deal_id, lose)
    await two_way.settle()
    assert await two_way.shop.stage(order.id) is Stage.CANCELLED
    await two_way.both_ways()
    deal = await two_way.call("crm.deal.get", {"id": order.bitrix_deal_id})
    assert deal["STAGE_ID"] == lose
    assert await two_way.shop.stage(order.id) is Stage.CANCELLED


async def test_responsible_changed_in_crm_becomes_the_master(two_way: TwoWay) -> None:
    order = await _order(two_way)
    async with two_way.factory() as session:
        other = await StaffService(session).add(
            301, "Никита Второй", [Role.MASTER], locale="ru", bitrix_user_id=31
        )
        await session.commit()
        other_id = other.id
    await two_way.call(
        "crm.deal.update", {"id": order.bitrix_deal_id, "fields": {"ASSIGNED_BY_ID": 31}}
    )
    await two_way.settle()
    async with two_way.factory() as session:
        fresh = await session.get(Order, order.id)
    assert fresh is not None and fresh.master_id == other_id


async def test_row_added_in_crm_while_pricing_becomes_a_part(two_way: TwoWay) -> None:
    order = await _order(two_way)
    rows = await two_way.call("crm.deal.productrows.get", {"id": order.bitrix_deal_id})
    rows = [{"PRODUCT_NAME": r["PRODUCT_NAME"], "QUANTITY": r["QUANTITY"]} for r in rows]
    rows.append({"PRODUCT_NAME": "Датчик износа колодок", "QUANTITY": 2})
    await two_way.call("crm.deal.productrows.set", {"id": order.bitrix_deal_id, "rows": rows})
    await two_way.settle()
    async with two_way.factory() as session:
        fresh = await session.get(Order, order.id)
    assert fresh is not None
    assert [p.name for p in fresh.parts][-1] == "Датчик износа колодок"
    assert fresh.parts[-1].quantity == 2 and fresh.parts[-1].status == "new"
    before = await two_way.counts(), len(fresh.parts)
    await two_way.both_ways()
    async with two_way.factory() as session:
        again = await session.get(Order, order.id)
    assert again is not None and (await two_way.counts(), len(again.parts)) == before
