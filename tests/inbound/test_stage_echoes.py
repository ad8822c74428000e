"""Telling the bot's own stage writes coming back from a person's moves, whatever the order in
which writes land and events are read (README, "Two-way sync"): a stage change already taken
in is not new, a stage the bot sent is an echo, any other is a person's move, applied or
refused as usual. What tells them apart is kept on the order, not in the outbox (pruned)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import update

from services.crm.mirror import claims
from services.crm.outbox import Kind, enqueue
from services.orders import Stage
from services.staff.roles import Role
from services.storage.models import Order, OutboxMessage
from tests.fake_bitrix24 import registry
from tests.fake_bitrix24.errors import B24Error
from tests.inbound.two_way import HeldWrite, TwoWay
from tests.mirror.walk import PEOPLE

MASTER_IN_CRM = PEOPLE[Role.MASTER][2]  # the master's Bitrix24 user


async def _event(two_way: TwoWay, deal_id: int | None, *, reconcile: bool = False) -> None:
    """The portal tells the bot about the deal (late, or once more) and the bot takes it in."""
    await two_way.portal.events.emit("ONCRMDEALUPDATE", {"FIELDS": {"ID": deal_id}})
    await two_way.settle(reconcile=reconcile)


def _person_moves(two_way: TwoWay, deal_id: int | None, stage: Stage) -> None:
    """The master drags the deal in the CRM's own screens (MOVED_BY_ID names him)."""
    assert deal_id is not None
    with two_way.portal.state.as_user(MASTER_IN_CRM):
        two_way.portal.state.deals.modify(deal_id, {"STAGE_ID": two_way.mapping.stages[stage]})


def _refusals(two_way: TwoWay) -> list[str]:
    told = [t for r in (Role.MASTER, Role.DIRECTOR) for t in two_way.messages(PEOPLE[r][0])]
    return [t for t in told if "не применён" in t]


async def test_a_person_move_taken_in_before_is_not_taken_again(two_way: TwoWay) -> None:
    """The master moved the deal back (applied). The bot then steps forward and the deal, not
    rewritten yet, is read again: the master's old move is no new move."""
    order = await two_way.order_at(Stage.LABOUR_PRICING)
    await two_way.shop.advance(order.id)
    await two_way.both_ways()
    _person_moves(two_way, order.bitrix_deal_id, Stage.LABOUR_PRICING)
    await two_way.settle()
    assert (await two_way.order(order.id)).stage == Stage.LABOUR_PRICING.value
    await two_way.both_ways()
    await two_way.shop.advance(order.id)  # the head approves again; not sent yet
    before = await two_way.counts()
    await _event(two_way, order.bitrix_deal_id)
    await _event(two_way, order.bitrix_deal_id, reconcile=True)
    assert (await two_way.order(order.id)).stage == Stage.CLIENT_APPROVAL.value
    assert await two_way.counts() == before
    assert _refusals(two_way) == []
    await two_way.both_ways()
    deal = await two_way.call("crm.deal.get", {"id": order.bitrix_deal_id})
    assert deal["STAGE_ID"] == two_way.mapping.stages[Stage.CLIENT_APPROVAL]


@pytest.mark.parametrize("how", ["pruned", "before_deploy"])
async def test_b_our_write_read_back_without_outbox_rows_is_an_echo(
    two_way: TwoWay, how: str
) -> None:
    """Sent outbox rows are pruned after a week; an order from before this was kept has no
    record at all. Our older write read back is still no move, and nobody is told."""
    order = await two_way.order_at(Stage.LABOUR_PRICING)
    if how == "pruned":
        assert await claims.prune(two_way.factory, datetime.now(UTC) + timedelta(days=1))
    else:
        async with two_way.factory() as session:
            await session.execute(update(OutboxMessage).values(payload=None))
            await session.execute(
                update(Order).values(crm_stages_sent=None, crm_moved_at=None, crm_moved_change=None)
            )
            await session.commit()
    await two_way.shop.advance(order.id)  # not sent yet
    before = await two_way.counts()
    await _event(two_way, order.bitrix_deal_id)
    assert (await two_way.order(order.id)).stage == Stage.CLIENT_APPROVAL.value
    assert await two_way.counts() == before
    assert _refusals(two_way) == []


@pytest.mark.parametrize("second_step", [False, True])
async def test_c_deal_read_before_our_write_landed_is_no_move(
    two_way: TwoWay, second_step: bool
) -> None:
    """The deal is read, the relay sends the bot's step (and the bot takes one more), then the
    stale answer of the read arrives: no move back."""
    order = await two_way.order_at(Stage.LABOUR_PRICING)
    await two_way.shop.advance(order.id)
    gate = two_way.portal.faults.gate("crm.deal.get", after_execute=True)
    await two_way.portal.events.emit("ONCRMDEALUPDATE", {"FIELDS": {"ID": order.bitrix_deal_id}})
    await two_way.portal.events.flush()
    taking_in = asyncio.create_task(two_way.loop.once())
    await asyncio.wait_for(gate.reached.wait(), 60)  # read: labour pricing, answer held
    await two_way.relay()
    if second_step:
        await two_way.shop.advance(order.id)
    expected = (await two_way.order(order.id)).stage
    moves = await two_way.counts()
    gate.open()
    await asyncio.wait_for(taking_in, 60)
    assert (await two_way.order(order.id)).stage == expected
    assert await two_way.counts() == moves
    assert _refusals(two_way) == []


async def test_d_person_move_to_the_stage_of_a_failed_try_is_applied(two_way: TwoWay) -> None:
    """A try carrying client approval never reached the portal (down); the bot moved on to the
    purchase; while that write is in flight the master drags the deal to client approval: a
    person's move (the portal names him), not our failed try coming back."""
    order = await two_way.order_at(Stage.LABOUR_PRICING)
    await two_way.shop.advance(order.id)  # client approval
    two_way.portal.faults.down()
    await two_way.relay(once=True)
    two_way.portal.faults.clear()
    await two_way.shop.advance(order.id)  # parts purchase
    held = HeldWrite(
        two_way, order, two_way.mapping.stages[Stage.PARTS_PURCHASE], stored_first=False
    )
    await held.start()
    _person_moves(two_way, order.bitrix_deal_id, Stage.CLIENT_APPROVAL)
    await two_way.settle()
    assert (await two_way.order(order.id)).stage == Stage.CLIENT_APPROVAL.value
    await held.release()  # the write carrying the purchase lands after the master's move
    await two_way.settle()
    await two_way.both_ways()
    assert (await two_way.order(order.id)).stage == Stage.CLIENT_APPROVAL.value
    deal = await two_way.call("crm.deal.get", {"id": order.bitrix_deal_id})
    assert deal["STAGE_ID"] == two_way.mapping.stages[Stage.CLIENT_APPROVAL]
    assert _refusals(two_way) == []


async def test_e_move_read_after_our_write_of_other_fields_landed_is_applied(
    two_way: TwoWay,
) -> None:
    """A sync of the deal's other fields is in flight; the master drags the deal back; the
    portal's event is taken in only after the bot's write landed (events come seconds late,
    the write takes 0.4 s). The write did not carry the unchanged stage, so the deal still
    shows the master's move, and it is applied."""
    order = await two_way.order_at(Stage.LABOUR_PRICING)
    async with two_way.factory() as session:  # any change of the order but its stage
        enqueue(session, Kind.DEAL_SYNC, order.id)
        await session.commit()
    held = HeldWrite(two_way, order, stored_first=False)
    await held.start()
    _person_moves(two_way, order.bitrix_deal_id, Stage.PARTS_PRICING)
    await two_way.portal.events.flush()  # in the bot's inbox, not yet taken in
    await held.release()
    await two_way.settle()
    assert (await two_way.order(order.id)).stage == Stage.PARTS_PRICING.value
    await two_way.both_ways()
    deal = await two_way.call("crm.deal.get", {"id": order.bitrix_deal_id})
    assert deal["STAGE_ID"] == two_way.mapping.stages[Stage.PARTS_PRICING]
    assert (await two_way.order(order.id)).stage == Stage.PARTS_PRICING.value


async def test_a_deal_made_by_a_person_read_again_before_our_first_write_is_no_move(
    two_way: TwoWay,
) -> None:
    """The order starts at parts pricing while the deal, made by the master in the CRM, still
    shows its first stage: reading it again before the bot's write lands moves nothing back."""
    with two_way.portal.state.as_user(MASTER_IN_CRM):
        deal_id = await two_way.crm_deal()
    await two_way.settle()
    order = await two_way.order_of_deal(deal_id)
    assert order is not None and order.stage == Stage.PARTS_PRICING.value
    before = await two_way.counts()
    await _event(two_way, deal_id, reconcile=True)
    assert (await two_way.order(order.id)).stage == Stage.PARTS_PRICING.value
    assert await two_way.counts() == before
    assert _refusals(two_way) == []


async def test_a_stage_whose_write_failed_is_sent_again(two_way: TwoWay) -> None:
    """The try carrying the bot's new stage failed (portal down): the next try sends it."""
    order = await two_way.order_at(Stage.LABOUR_PRICING)
    await two_way.shop.advance(order.id)
    two_way.portal.faults.down()
    await two_way.relay(once=True)
    two_way.portal.faults.clear()
    await two_way.relay()  # the retry alone, before any echo is read
    deal = await two_way.call("crm.deal.get", {"id": order.bitrix_deal_id})
    assert deal["STAGE_ID"] == two_way.mapping.stages[Stage.CLIENT_APPROVAL]


def _refuse_once(monkeypatch: pytest.MonkeyPatch, method: str) -> None:
    """The portal refuses `method` once, inside a batch whose other commands still run."""
    spec = registry.lookup(method)
    left = [1]

    def refusing(call: Any) -> Any:
        if left:
            left.pop()
            raise B24Error(429, "OPERATION_TIME_LIMIT", "blocked")
        return spec.handler(call)

    replaced = spec.__class__(spec.name, spec.scope, refusing, spec.batchable)
    monkeypatch.setitem(registry.METHODS, method.lower(), replaced)


async def _due_now(two_way: TwoWay) -> None:
    async with two_way.factory() as s:
        past = datetime.now(UTC) - timedelta(seconds=1)
        await s.execute(update(OutboxMessage).values(next_attempt_at=past))
        await s.commit()


async def test_a_stage_that_landed_beside_a_failed_command_is_not_sent_again(
    two_way: TwoWay, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The deal update carrying the new stage lands, the product rows in the same batch are
    refused. The master drags the deal back before the retry: the retry must not overwrite
    his move (the stage is on the deal already), and his move is taken in."""
    order = await two_way.order_at(Stage.LABOUR_PRICING)
    _refuse_once(monkeypatch, "crm.deal.productrows.set")
    await two_way.shop.advance(order.id)  # client approval
    await two_way.relay(once=True)
    deal = await two_way.call("crm.deal.get", {"id": order.bitrix_deal_id})
    assert deal["STAGE_ID"] == two_way.mapping.stages[Stage.CLIENT_APPROVAL]
    _person_moves(two_way, order.bitrix_deal_id, Stage.LABOUR_PRICING)
    await two_way.portal.events.flush()
    await _due_now(two_way)
    await two_way.relay()  # the retry lands before the event is taken in
    deal = await two_way.call("crm.deal.get", {"id": order.bitrix_deal_id})
    assert deal["STAGE_ID"] == two_way.mapping.stages[Stage.LABOUR_PRICING]
    await two_way.settle()
    await two_way.both_ways()
    assert (await two_way.order(order.id)).stage == Stage.LABOUR_PRICING.value
    assert _refusals(two_way) == []


async def test_an_older_write_read_back_while_the_bot_writes_other_fields_is_put_right(
    two_way: TwoWay,
) -> None:
    """The deal shows an older stage of ours (the webhook's user set it: a late write of the
    bot's) while the order has moved on. The read overlaps a write of other fields of the deal,
    which does not carry the stage: the deal must still end up on the order's stage."""
    order = await two_way.order_at(Stage.LABOUR_PRICING)
    await two_way.shop.advance(order.id)  # client approval
    await two_way.both_ways()
    assert order.bitrix_deal_id is not None
    with two_way.portal.state.as_user(two_way.mapping.webhook_user_id):
        older = two_way.mapping.stages[Stage.LABOUR_PRICING]
        two_way.portal.state.deals.modify(order.bitrix_deal_id, {"STAGE_ID": older})
    gate = two_way.portal.faults.gate("crm.deal.get", after_execute=True)
    await two_way.portal.events.emit("ONCRMDEALUPDATE", {"FIELDS": {"ID": order.bitrix_deal_id}})
    await two_way.portal.events.flush()
    taking_in = asyncio.create_task(two_way.loop.once())
    await asyncio.wait_for(gate.reached.wait(), 60)  # read: labour pricing, answer held
    async with two_way.factory() as session:
        enqueue(session, Kind.DEAL_SYNC, order.id)  # other fields of the deal
        await session.commit()
    await two_way.relay()
    gate.open()
    await asyncio.wait_for(taking_in, 60)
    await two_way.both_ways()
    await two_way.both_ways()
    assert (await two_way.order(order.id)).stage == Stage.CLIENT_APPROVAL.value
    deal = await two_way.call("crm.deal.get", {"id": order.bitrix_deal_id})
    assert deal["STAGE_ID"] == two_way.mapping.stages[Stage.CLIENT_APPROVAL]
    assert _refusals(two_way) == []


async def test_a_deal_made_in_a_later_column_is_taken_as_the_person_s_move(
    two_way: TwoWay,
) -> None:
    """The master makes the deal and drags it to client approval before the bot reads it: the
    order starts at parts pricing, and the deal's column is his move, applied or refused with
    a word to him, not overwritten in silence by the bot's first write."""
    with two_way.portal.state.as_user(MASTER_IN_CRM):
        deal_id = await two_way.crm_deal()
    _person_moves(two_way, deal_id, Stage.CLIENT_APPROVAL)
    await two_way.settle()
    await two_way.both_ways()
    order = await two_way.order_of_deal(deal_id)
    assert order is not None
    assert order.stage == Stage.CLIENT_APPROVAL.value or _refusals(two_way)
    deal = await two_way.call("crm.deal.get", {"id": deal_id})
    assert deal["STAGE_ID"] == two_way.mapping.stages[Stage(order.stage)]


async def test_a_move_the_portal_does_not_name_the_mover_of_is_a_person_s(
    two_way: TwoWay,
) -> None:
    """The deal comes back on an earlier stage of ours, but the portal leaves MOVED_BY_ID out:
    nobody vouches that the bot set it, so it is a person's move, not an echo put back."""
    order = await two_way.order_at(Stage.LABOUR_PRICING)
    await two_way.shop.advance(order.id)  # client approval
    await two_way.both_ways()
    assert order.bitrix_deal_id is not None
    _person_moves(two_way, order.bitrix_deal_id, Stage.LABOUR_PRICING)
    two_way.portal.state.deals.get_row(order.bitrix_deal_id).pop("MOVED_BY_ID", None)
    await two_way.settle()
    await two_way.both_ways()
    assert (await two_way.order(order.id)).stage == Stage.LABOUR_PRICING.value
    deal = await two_way.call("crm.deal.get", {"id": order.bitrix_deal_id})
    assert deal["STAGE_ID"] == two_way.mapping.stages[Stage.LABOUR_PRICING]
