"""Lost deliveries are caught up by reconciliation; the bot's own writes trigger nothing."""

from __future__ import annotations

from sqlalchemy import select

from bot.i18n import Translator
from handlers.sync_reconcile import reconcile_line
from services.orders import Stage
from services.staff.roles import Role
from services.storage.models import Car, Client, InboxEvent, Order, StageTask
from tests.inbound.two_way import TwoWay

RU = Translator("ru").get("ru")


async def _state(two_way: TwoWay, deal_id: int) -> tuple[object, ...]:
    order = await two_way.order_of_deal(deal_id)
    assert order is not None
    async with two_way.factory() as session:
        client = await session.get(Client, order.client_id)
        car = await session.get(Car, order.car_id)
        tasks = (
            await session.scalars(
                select(StageTask.stage, StageTask.status).where(StageTask.order_id == order.id)
            )
        ).all()
    assert client is not None and car is not None
    return (
        order.stage,
        order.master_id,
        [p.phone for p in client.phones],
        car.vin,
        sorted(tasks),
        [(p.name, p.quantity) for p in order.parts],
    )


async def _portal_story(two_way: TwoWay) -> int:
    """A deal made in the portal, then priced in the bot, then sent back in the portal."""
    deal_id = await two_way.crm_deal()
    await two_way.settle(reconcile=True)
    order = await two_way.order_of_deal(deal_id)
    assert order is not None
    while order.stage != Stage.LABOUR_PRICING.value:
        await two_way.shop.advance(order.id)
        order = await two_way.order_of_deal(deal_id)
        assert order is not None
    await two_way.relay()
    await two_way.move_deal(deal_id, two_way.mapping.stages[Stage.PARTS_PRICING])
    await two_way.settle(reconcile=True)
    return deal_id


async def test_with_every_delivery_dropped_reconciliation_reaches_the_same_state(
    two_way: TwoWay,
) -> None:
    delivered = await _portal_story(two_way)
    expected = await _state(two_way, delivered)
    assert expected[0] == Stage.PARTS_PRICING.value

    two_way.portal.events.drop_deliveries = True
    lost = await _portal_story(two_way)
    assert await _state(two_way, lost) == expected
    async with two_way.factory() as session:
        stored = (await session.scalars(select(InboxEvent.id))).all()
        line = await reconcile_line(session, RU, two_way.loop.telling.tz)
    assert len(stored) > 0  # only from the first story: the second never arrived
    assert "Последняя сверка" in line and "этапов 1" in line


async def test_bot_own_writes_echoed_back_trigger_nothing(two_way: TwoWay) -> None:
    client_id, car_id = await two_way.shop.client_and_car()
    order_id = await two_way.shop.new_order(client_id, car_id)
    moves_made_in_bot = []
    for _ in range(3):
        await two_way.both_ways()
        moves_made_in_bot.append(await two_way.counts())
        await two_way.shop.advance(order_id)
    await two_way.both_ways()
    await two_way.settle(reconcile=True)
    async with two_way.factory() as session:
        order = await session.get(Order, order_id)
        outcomes = (await session.scalars(select(InboxEvent.outcome))).all()
    assert order is not None and order.stage == Stage.PARTS_PURCHASE.value
    assert outcomes, "the mirror's writes did come back as events"
    assert not [o for o in outcomes if o and ("moved" in o or "created" in o or "added" in o)]
    # Nobody was told anything by the portal's side of the story.
    assert two_way.telegram.chats.get(205) is None or all(
        "не применён" not in m.text for m in two_way.telegram.chats[205].values()
    )
    assert two_way.shop.staff[Role.MASTER] == order.master_id
