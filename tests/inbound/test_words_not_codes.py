"""What the two-way sync tells people reads as text. A move the rules refuse is explained with
the stages' names, in Telegram and on the deal: «С этапа «Калькуляция работ» нельзя перейти на
«Контроль перед выдачей»», never the codes; money taken from the CRM is told as «7 500 ₽»."""

from __future__ import annotations

from services.orders import Stage
from services.staff.roles import Role
from services.storage.models import Order
from tests.inbound.two_way import TwoWay
from tests.mirror.walk import PEOPLE
from tests.raw_forms import raw_forms

EXPLAINED = "С этапа «Калькуляция работ» нельзя перейти на «Контроль перед выдачей»"


async def _deal_at(two_way: TwoWay, stage: Stage) -> int:
    """A new order worked to `stage` and synced both ways: its deal's id."""
    order_id = await two_way.shop.order_at(stage)
    await two_way.both_ways()
    async with two_way.factory() as session:
        order = await session.get(Order, order_id)
    assert order is not None and order.bitrix_deal_id is not None
    return order.bitrix_deal_id


async def test_refused_skip_is_explained_with_stage_names(two_way: TwoWay) -> None:
    deal_id = await _deal_at(two_way, Stage.LABOUR_PRICING)
    # The master drags the deal past three stages: no rule allows that.
    await two_way.move_deal(deal_id, two_way.mapping.stages[Stage.PRE_ISSUE_CHECK])
    await two_way.settle()
    await two_way.both_ways()
    for role in (Role.MASTER, Role.DIRECTOR):
        [told] = [t for t in two_way.messages(PEOPLE[role][0]) if "не применён" in t]
        assert EXPLAINED in told, told
        assert not raw_forms(told), told
    [comment] = [c for c in two_way.comments(deal_id) if "не перенёс" in c]
    assert EXPLAINED in comment, comment
    assert not raw_forms(comment), comment


async def test_money_taken_from_the_crm_is_told_in_roubles(two_way: TwoWay) -> None:
    deal_id = await _deal_at(two_way, Stage.CLIENT_APPROVAL)
    deal = await two_way.call("crm.deal.get", {"id": deal_id})
    # A discount typed into the deal's amount, with kopecks as the CRM keeps them.
    agreed = f"{float(deal['OPPORTUNITY']) - 500:.2f}"
    await two_way.call("crm.deal.update", {"id": deal_id, "fields": {"OPPORTUNITY": agreed}})
    await two_way.settle()
    await two_way.both_ways()
    [taken] = [c for c in two_way.comments(deal_id) if "сумму сделки" in c]
    assert "7 500 ₽" in taken, taken
    for text in two_way.comments(deal_id):
        assert not raw_forms(text), text
