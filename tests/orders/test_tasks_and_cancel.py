"""Claiming and reassigning tasks, cancellation with return flags, stages passed through."""

import asyncio
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from services.errors import DomainError, Forbidden, StaleAction
from services.orders.inputs import PartInput
from services.orders.queries import OrderQueries
from services.orders.stages import Stage
from services.orders.unit_of_work import OrderWork
from services.orders.use_cases import (
    add_works,
    approve_labour,
    cancel,
    claim_task,
    client_refused,
    director_move,
    mark_part_unavailable,
    reassign_task,
    receive_part,
    record_client_approval,
    set_parts_order,
)
from services.staff.roles import Role
from services.staff.service import StaffService
from services.storage.models import Employee, StageTask, StageTransition
from tests.orders.conftest import add_employee, audit_count, kinds


async def open_task(session, order_id) -> StageTask:
    return await session.scalar(
        select(StageTask)
        .where(StageTask.order_id == order_id, StageTask.status == "open")
        .execution_options(populate_existing=True)
    )


async def test_two_simultaneous_claims_have_one_winner(session_factory, session, shop):
    second = await add_employee(session, 21, "Вадим", Role.SUPPLIER)
    created = await shop.new_order()
    assert kinds(created) == {shop.supplier.id: "task_new", second.id: "task_new"}
    task_id = created.notices[0].task_id

    async def claim(employee_id: int):
        async with session_factory() as own:
            actor = await own.get(Employee, employee_id)
            try:
                return await claim_task(OrderWork(own, shop.clock), actor, task_id)
            except DomainError as err:
                return err

    results = await asyncio.gather(claim(shop.supplier.id), claim(second.id))
    winners = [r for r in results if not isinstance(r, DomainError)]
    losers = [r for r in results if isinstance(r, DomainError)]
    assert len(winners) == 1 and len(losers) == 1
    winner = winners[0].task.assignee_id
    assert losers[0].key == "task-error-taken"
    names = {shop.supplier.id: "Олег", second.id: "Вадим"}
    assert losers[0].params["name"] == names[winner]
    loser_id = ({shop.supplier.id, second.id} - {winner}).pop()
    assert kinds(winners[0]) == {loser_id: "task_taken"}
    assert (await open_task(session, created.order.id)).assignee_id == winner
    assert await audit_count(session, "task.claimed") == 1


async def test_a_claim_on_an_unloaded_order_takes_the_task(session, shop):
    created = await shop.new_order()
    session.expunge_all()  # the order is read by the claim, not found loaded
    result = await claim_task(shop.work, shop.supplier, created.notices[0].task_id)
    assert result.task.assignee_id == shop.supplier.id
    assert (result.order.id, result.order.stage) == (created.order.id, Stage.PARTS_PRICING.value)
    assert (await open_task(session, created.order.id)).assignee_id == shop.supplier.id


async def test_claim_refusals_and_director_reassign(session, shop):
    second = await add_employee(session, 21, "Вадим", Role.SUPPLIER)
    order = (await shop.new_order()).order
    task = await open_task(session, order.id)
    with pytest.raises(Forbidden):
        await claim_task(shop.work, shop.head, task.id)
    assert await audit_count(session, "access.refused") == 1
    r = await claim_task(shop.work, shop.supplier, task.id)
    assert r.order.version == order.version  # a claim leaves the order's buttons valid
    again = await claim_task(shop.work, shop.supplier, task.id)
    assert again.notices == []
    with pytest.raises(Forbidden):
        await reassign_task(shop.work, shop.master, task.id, second.id)
    with pytest.raises(DomainError) as bad:
        await reassign_task(shop.work, shop.director, task.id, shop.storekeeper.id)
    assert bad.value.key == "task-error-bad-assignee"
    r = await reassign_task(shop.work, shop.director, task.id, second.id)
    assert kinds(r) == {second.id: "task_new", shop.supplier.id: "task_reassigned"}
    assert (await open_task(session, order.id)).assignee_id == second.id
    await cancel(shop.work, shop.master, order.id, reason="дубль", seen_stage="PARTS_PRICING")
    with pytest.raises(StaleAction) as closed:
        await claim_task(shop.work, second, task.id)
    assert closed.value.key == "task-error-closed"


async def test_cancel_flags_ordered_and_received_parts(session, shop):
    parts = [
        PartInput("Колодки", None, Decimal(1)),  # received in full → restock
        PartInput("Стойка", None, Decimal(2)),  # one of two came → partial
        PartInput("Фильтр", None, Decimal(1)),  # ordered, nothing came → return
        PartInput("Лампа", None, Decimal(1)),  # unavailable → nothing to do
    ]
    order = (await shop.new_order(parts)).order
    ids = [p.id for p in order.parts]
    await mark_part_unavailable(
        shop.work, shop.supplier, order.id, ids[3], seen_stage=Stage.PARTS_PRICING
    )
    await director_move(
        shop.work,
        shop.director,
        order.id,
        to_stage=Stage.PARTS_PURCHASE,
        seen_stage="PARTS_PRICING",
    )
    for pid in ids[:3]:
        await set_parts_order(
            shop.work,
            shop.supplier,
            order.id,
            [pid],
            vendor_order_no=f"V-{pid}",
            expected_date=date(2026, 11, 25),
            seen_stage=Stage.PARTS_PURCHASE,
        )
    seen = Stage.AWAITING_DELIVERY
    await receive_part(
        shop.work, shop.storekeeper, order.id, ids[0], quantity=Decimal(1), seen_stage=seen
    )
    await receive_part(
        shop.work, shop.storekeeper, order.id, ids[1], quantity=Decimal(1), seen_stage=seen
    )
    shortages = await OrderQueries(session).shortages(order.id)
    assert [(s.part.id, s.missing) for s in shortages] == [(ids[1], 1), (ids[2], 1)]

    r = await cancel(shop.work, shop.master, order.id, reason="клиент передумал", seen_stage=seen)
    assert r.order.stage == Stage.CANCELLED
    assert r.order.cancel_reason == "клиент передумал"
    assert r.order.closed_at == shop.clock.now
    assert [p.return_flag for p in r.order.parts] == ["restock", "partial", "return", None]
    assert kinds(r) == {shop.supplier.id: "order_cancelled", shop.storekeeper.id: "order_cancelled"}
    task = await session.scalar(select(StageTask).order_by(StageTask.id.desc()).limit(1))
    assert (task.stage, task.status) == ("AWAITING_DELIVERY", "cancelled")
    assert await audit_count(session, "order.cancelled") == 1
    with pytest.raises(StaleAction):
        await cancel(shop.work, shop.master, order.id, reason="x", seen_stage=seen)


async def test_client_refusal_cancels(session, shop):
    order = (await shop.new_order([])).order
    assert order.stage == Stage.LABOUR_PRICING  # no parts: pricing them is passed through
    await add_works(
        shop.work,
        shop.head,
        order.id,
        [("Диагностика", Decimal(1500))],
        seen_stage="LABOUR_PRICING",
    )
    await approve_labour(shop.work, shop.head, order.id, seen_stage="LABOUR_PRICING")
    r = await client_refused(
        shop.work, shop.master, order.id, reason="дорого", seen_stage=Stage.CLIENT_APPROVAL
    )
    assert r.order.stage == Stage.CANCELLED
    assert kinds(r) == {}  # the master did it himself; nothing was ordered


async def test_a_stage_of_an_inactive_master_goes_to_the_masters_pool(session, shop):
    """The master's own stages are his while he is active; once he has left, his order's next
    one is offered to every master."""
    order = (await shop.new_order([])).order
    await add_works(
        shop.work,
        shop.head,
        order.id,
        [("Диагностика", Decimal(1500))],
        seen_stage="LABOUR_PRICING",
    )
    await StaffService(session).deactivate(shop.master.telegram_id)
    other = await add_employee(session, 9301, "Другой Мастер", Role.MASTER)
    r = await approve_labour(shop.work, shop.head, order.id, seen_stage="LABOUR_PRICING")
    task = await open_task(session, order.id)
    assert (task.stage, task.assignee_id) == (Stage.CLIENT_APPROVAL, None)
    assert kinds(r)[other.id] == "task_new"  # (the notifier tells no one who has left)


async def test_nothing_to_buy_goes_straight_to_the_check(session, shop):
    order = (await shop.new_order([PartInput("Редкая деталь", None, Decimal(1))])).order
    created_transitions = await session.scalar(
        select(StageTransition.id).where(StageTransition.to_stage == "LABOUR_PRICING")
    )
    assert created_transitions is None
    await mark_part_unavailable(
        shop.work, shop.supplier, order.id, order.parts[0].id, seen_stage=Stage.PARTS_PRICING
    )
    await add_works(
        shop.work, shop.head, order.id, [("Работа", Decimal(1000))], seen_stage="LABOUR_PRICING"
    )
    await approve_labour(shop.work, shop.head, order.id, seen_stage="LABOUR_PRICING")
    r = await record_client_approval(
        shop.work,
        shop.master,
        order.id,
        appointment_at=shop.clock.now + timedelta(hours=3),
        seen_stage=Stage.CLIENT_APPROVAL,
    )
    assert r.order.stage == Stage.PRE_ISSUE_CHECK
    rows = await session.scalars(
        select(StageTransition)
        .where(StageTransition.order_id == order.id)
        .order_by(StageTransition.id)
    )
    assert [t.to_stage for t in rows][-3:] == [
        "PARTS_PURCHASE",
        "AWAITING_DELIVERY",
        "PRE_ISSUE_CHECK",
    ]
    tasks = await session.scalars(select(StageTask).where(StageTask.order_id == order.id))
    assert "PARTS_PURCHASE" not in {t.stage for t in tasks}  # no task for a stage passed through


async def test_director_forces_moves_and_the_old_assignee_is_told(session, shop):
    order = (await shop.new_order()).order
    task = await open_task(session, order.id)
    await claim_task(shop.work, shop.supplier, task.id)
    r = await director_move(
        shop.work,
        shop.director,
        order.id,
        to_stage=Stage.CLIENT_APPROVAL,
        seen_stage="PARTS_PRICING",
    )
    assert r.order.stage == Stage.CLIENT_APPROVAL
    assert kinds(r) == {shop.master.id: "task_new", shop.supplier.id: "stage_changed"}
    r = await director_move(
        shop.work,
        shop.director,
        order.id,
        to_stage=Stage.PARTS_PRICING,
        reason="проверить цены",
        seen_stage=Stage.CLIENT_APPROVAL,
    )
    assert kinds(r) == {shop.supplier.id: "task_new", shop.master.id: "stage_changed"}
    last = await session.scalar(
        select(StageTransition).order_by(StageTransition.id.desc()).limit(1)
    )
    assert (last.actor_id, last.reason) == (shop.director.id, "проверить цены")
    assert await audit_count(session, "order.forced") == 2
