"""A person's stage move made while the bot's own write to the same deal is still being sent.

The portal holds the relay's write (a gate in the fake portal) while the person's move and its
event arrive; what the deal shows then differs from what the bot is sending, so it is a
person's move, applied or refused as always. The held write's own echo changes nothing, and
the deal ends on the person's stage, not on the one the held write carried.
"""

from __future__ import annotations

from sqlalchemy import select

from services.orders import Stage
from services.staff.roles import Role
from services.storage.models import StageTransition
from tests.inbound.two_way import HeldWrite, TwoWay
from tests.mirror.walk import PEOPLE


async def _moves(two_way: TwoWay, order_id: int) -> list[tuple[str, str, str | None]]:
    async with two_way.factory() as session:
        rows = await session.scalars(
            select(StageTransition)
            .where(StageTransition.order_id == order_id)
            .order_by(StageTransition.id)
        )
        return [(r.from_stage, r.to_stage, r.reason) for r in rows]


async def _labour_approved_in_bot(two_way: TwoWay, *, stored_first: bool) -> HeldWrite:
    """An order at labour pricing, mirrored; the head approves it in the bot, and the portal
    holds the deal write carrying the new stage (before it is stored, or before answering)."""
    order = await two_way.order_at(Stage.LABOUR_PRICING)
    await two_way.shop.advance(order.id)
    held = HeldWrite(
        two_way, order, two_way.mapping.stages[Stage.CLIENT_APPROVAL], stored_first=stored_first
    )
    await held.start()
    return held


async def _echo_ignored_and_deal_left_on(two_way: TwoWay, held: HeldWrite, stage: Stage) -> None:
    order_id, deal_id = held.order.id, held.order.bitrix_deal_id
    after_move = await two_way.counts()
    # The held write lands; its echo (the stage the bot sent) changes nothing.
    await held.release()
    await two_way.settle()
    assert (await two_way.order(order_id)).stage == stage.value
    assert await two_way.counts() == after_move
    # The next write carries the person's stage: the deal is not put back.
    await two_way.both_ways()
    deal = await two_way.call("crm.deal.get", {"id": deal_id})
    assert deal["STAGE_ID"] == two_way.mapping.stages[stage]
    assert (await two_way.order(order_id)).stage == stage.value
    assert await two_way.counts() == after_move


async def test_person_move_while_bot_write_is_held_is_applied(two_way: TwoWay) -> None:
    held = await _labour_approved_in_bot(two_way, stored_first=False)
    # The deal still shows labour pricing; the master sends it back to parts pricing.
    await two_way.move_deal(held.order.bitrix_deal_id, two_way.mapping.stages[Stage.PARTS_PRICING])
    await two_way.settle()
    assert (await two_way.order(held.order.id)).stage == Stage.PARTS_PRICING.value
    assert (await _moves(two_way, held.order.id))[-1] == (
        "CLIENT_APPROVAL",
        "PARTS_PRICING",
        "Перемещено в Bitrix24",
    )
    await _echo_ignored_and_deal_left_on(two_way, held, Stage.PARTS_PRICING)


async def test_person_move_back_to_the_previous_stage_while_answer_is_held_is_applied(
    two_way: TwoWay,
) -> None:
    held = await _labour_approved_in_bot(two_way, stored_first=True)
    deal_id = held.order.bitrix_deal_id
    assert (await two_way.call("crm.deal.get", {"id": deal_id}))["STAGE_ID"] == (
        two_way.mapping.stages[Stage.CLIENT_APPROVAL]
    )
    # The master, in the CRM's own screens, puts the deal back where the bot's last write had it.
    with two_way.portal.state.as_user(PEOPLE[Role.MASTER][2]):
        two_way.portal.state.deals.modify(
            deal_id, {"STAGE_ID": two_way.mapping.stages[Stage.LABOUR_PRICING]}
        )
    await two_way.settle()
    assert (await two_way.order(held.order.id)).stage == Stage.LABOUR_PRICING.value
    assert (await _moves(two_way, held.order.id))[-1] == (
        "CLIENT_APPROVAL",
        "LABOUR_PRICING",
        "Перемещено в Bitrix24",
    )
    await _echo_ignored_and_deal_left_on(two_way, held, Stage.LABOUR_PRICING)


async def test_forbidden_move_while_bot_write_is_held_is_refused_and_explained(
    two_way: TwoWay,
) -> None:
    held = await _labour_approved_in_bot(two_way, stored_first=False)
    deal_id = held.order.bitrix_deal_id
    moves = await _moves(two_way, held.order.id)
    # The master may not skip the purchase, in the CRM either.
    await two_way.move_deal(deal_id, two_way.mapping.stages[Stage.AWAITING_DELIVERY])
    await two_way.settle()
    assert (await two_way.order(held.order.id)).stage == Stage.CLIENT_APPROVAL.value
    for role in (Role.MASTER, Role.DIRECTOR):
        told = two_way.messages(PEOPLE[role][0])
        assert any("не применён" in text and "Ожидание" in text for text in told), role
    assert await _moves(two_way, held.order.id) == moves  # refused: the order did not move
    await _echo_ignored_and_deal_left_on(two_way, held, Stage.CLIENT_APPROVAL)
    assert any("не перенёс сделку" in c for c in two_way.comments(deal_id))


async def test_our_previous_write_read_before_the_next_is_sent_is_an_echo(
    two_way: TwoWay,
) -> None:
    """The deal still shows the bot's previous write while its next one waits to be sent (the
    portal slow or away): that is no move back, whoever asks."""
    order = await two_way.order_at(Stage.LABOUR_PRICING)
    await two_way.shop.advance(order.id)
    before = await two_way.counts()
    await two_way.portal.events.emit("ONCRMDEALUPDATE", {"FIELDS": {"ID": order.bitrix_deal_id}})
    await two_way.settle(reconcile=True)
    assert (await two_way.order(order.id)).stage == Stage.CLIENT_APPROVAL.value
    assert await two_way.counts() == before
    await two_way.both_ways()
    deal = await two_way.call("crm.deal.get", {"id": order.bitrix_deal_id})
    assert deal["STAGE_ID"] == two_way.mapping.stages[Stage.CLIENT_APPROVAL]
    assert (await two_way.order(order.id)).stage == Stage.CLIENT_APPROVAL.value
