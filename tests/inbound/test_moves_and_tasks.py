"""Stage moves and task completions made in the portal, through the bot's own rules."""

from __future__ import annotations

from sqlalchemy import select

from services.orders import Stage
from services.staff.roles import Role
from services.storage.models import Order, StageTask, StageTransition
from tests.inbound.two_way import TwoWay
from tests.mirror.walk import PEOPLE


async def test_back_move_in_portal_is_applied(two_way: TwoWay) -> None:
    order = await two_way.order_at(Stage.LABOUR_PRICING)
    await two_way.move_deal(order.bitrix_deal_id, two_way.mapping.stages[Stage.PARTS_PRICING])
    await two_way.settle()
    async with two_way.factory() as session:
        fresh = await session.get(Order, order.id)
        last = await session.scalar(
            select(StageTransition)
            .where(StageTransition.order_id == order.id)
            .order_by(StageTransition.id.desc())
        )
    assert fresh is not None and last is not None
    assert fresh.stage == Stage.PARTS_PRICING.value
    assert (last.from_stage, last.to_stage) == ("LABOUR_PRICING", "PARTS_PRICING")
    assert last.actor_id == two_way.shop.staff[Role.MASTER]  # the deal's responsible user
    assert last.reason == "Перемещено в Bitrix24"
    # The move's own echo (deal sync, tasks) changes nothing more.
    before = await two_way.counts()
    await two_way.both_ways()
    assert await two_way.counts() == before


async def test_forbidden_move_is_refused_explained_and_undone(two_way: TwoWay) -> None:
    order = await two_way.order_at(Stage.LABOUR_PRICING)
    deal_id = order.bitrix_deal_id
    # The master may not approve the head's labour pricing, in the CRM either.
    await two_way.move_deal(deal_id, two_way.mapping.stages[Stage.CLIENT_APPROVAL])
    await two_way.settle()
    async with two_way.factory() as session:
        fresh = await session.get(Order, order.id)
    assert fresh is not None and fresh.stage == Stage.LABOUR_PRICING.value
    for role in (Role.MASTER, Role.DIRECTOR):
        told = two_way.messages(PEOPLE[role][0])
        assert any("не применён" in text and "Согласование" in text for text in told), role
    before = await two_way.counts()
    await two_way.both_ways()
    deal = await two_way.call("crm.deal.get", {"id": deal_id})
    assert deal["STAGE_ID"] == two_way.mapping.stages[Stage.LABOUR_PRICING]
    assert any("не перенёс сделку" in c for c in two_way.comments(deal_id))
    assert await two_way.counts() == before


async def test_task_completed_in_portal_completes_the_stage(two_way: TwoWay) -> None:
    order = await two_way.order_at(Stage.PRE_ISSUE_CHECK)
    async with two_way.factory() as session:
        task = await session.scalar(
            select(StageTask).where(
                StageTask.order_id == order.id, StageTask.stage == Stage.PRE_ISSUE_CHECK.value
            )
        )
    assert task is not None and task.bitrix_task_id is not None
    await two_way.call("tasks.task.complete", {"taskId": task.bitrix_task_id})
    await two_way.settle()
    async with two_way.factory() as session:
        fresh = await session.get(Order, order.id)
        done = await session.get(StageTask, task.id)
    assert fresh is not None and fresh.stage == Stage.DONE.value
    assert done is not None and done.status == "done"
    await two_way.both_ways()
    deal = await two_way.call("crm.deal.get", {"id": order.bitrix_deal_id})
    assert deal["STAGE_ID"] == two_way.mapping.stages[Stage.DONE]
