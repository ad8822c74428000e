"""A whole order through the pipeline by five people, through the services, on both databases."""

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from services.normalize import parse_parts_text
from services.orders.stages import Stage
from services.orders.use_cases import (
    add_works,
    approve_labour,
    complete_stage,
    confirm_pre_issue,
    create_order,
    mark_part_unavailable,
    move_back,
    price_part,
    receive_part,
    record_client_approval,
    set_parts_order,
)
from services.storage.models import StageTask, StageTransition
from tests.orders.conftest import kinds


async def transitions(session, order_id):
    rows = await session.scalars(
        select(StageTransition)
        .where(StageTransition.order_id == order_id)
        .order_by(StageTransition.id)
    )
    return [(t.from_stage, t.to_stage, t.reason) for t in rows]


async def tasks_of(session, order_id):
    rows = await session.scalars(
        select(StageTask).where(StageTask.order_id == order_id).order_by(StageTask.id)
    )
    return list(rows)


async def test_full_pipeline_with_back_move_and_partial_delivery(session, shop):
    order = await _created(session, shop)
    p1, p2, _ = await _priced(shop, order)
    await _sent_back_and_repriced(shop, order, p2)
    await _approved(session, shop, order)
    await _purchased(shop, order, p1, p2)
    await _received_and_issued(shop, order, p1, p2)
    await _history_of_the_pipeline(session, shop, order)


async def _created(session, s):  # type: ignore[no-untyped-def]
    """A new order: in parts pricing, with the supplier's open task and its notice."""
    created = await s.new_order()
    order = created.order
    assert order.stage == Stage.PARTS_PRICING
    assert await transitions(session, order.id) == [
        (None, "NEW", None),
        ("NEW", "PARTS_PRICING", None),
    ]
    [task] = await tasks_of(session, order.id)
    assert (task.role, task.assignee_id, task.status) == ("supplier", None, "open")
    assert task.deadline == s.clock.now + timedelta(hours=24)
    assert kinds(created) == {s.supplier.id: "task_new"}
    assert created.notices[0].task_id == task.id
    return order


async def _priced(s, order):  # type: ignore[no-untyped-def]
    """Two parts priced, the third unavailable: the order goes on to labour pricing."""
    work = s.work
    p1, p2, p3 = (p.id for p in order.parts)
    seen = Stage.PARTS_PRICING
    r = await price_part(
        work,
        s.supplier,
        order.id,
        p1,
        purchase_price=Decimal(4200),
        vendor="Автодок",
        delivery_days=2,
        seen_stage=seen,
    )
    assert r.order.parts[0].sale_price == Decimal("5460.00")  # default 30 %, whole rubles
    assert kinds(r) == {}  # taking the task tells nobody else: he is the only supplier
    await price_part(
        work,
        s.supplier,
        order.id,
        p2,
        purchase_price=Decimal(3100),
        sale_price=Decimal(4030),
        vendor="Emex",
        delivery_days=3,
        seen_stage=seen,
    )
    r = await mark_part_unavailable(work, s.supplier, order.id, p3, seen_stage=seen)
    assert r.order.stage == Stage.LABOUR_PRICING
    assert kinds(r) == {s.head.id: "task_new", s.master.id: "stage_changed"}
    return p1, p2, p3


async def _sent_back_and_repriced(s, order, p2) -> None:  # type: ignore[no-untyped-def]
    work, seen = s.work, Stage.PARTS_PRICING
    # The head finds a pricing mistake and sends the order back with a reason.
    s.clock.now += timedelta(hours=1)
    await add_works(
        work, s.head, order.id, [("Замена колодок", Decimal(3000))], seen_stage="LABOUR_PRICING"
    )
    r = await move_back(
        work,
        s.head,
        order.id,
        to_stage=Stage.PARTS_PRICING,
        reason="цена стойки устарела",
        seen_stage=Stage.LABOUR_PRICING,
    )
    assert r.order.stage == Stage.PARTS_PRICING
    assert kinds(r) == {s.supplier.id: "task_new", s.master.id: "stage_changed"}
    # Prices are kept: correcting one part does not move the order on by itself.
    r = await price_part(
        work,
        s.supplier,
        order.id,
        p2,
        purchase_price=Decimal(3100),
        sale_price=Decimal(4030),
        vendor="Emex",
        delivery_days=3,
        seen_stage=seen,
    )
    assert r.order.stage == Stage.PARTS_PRICING
    r = await complete_stage(work, s.supplier, order.id, seen_stage=seen)
    assert r.order.stage == Stage.LABOUR_PRICING
    assert [w.name for w in r.order.works] == ["Замена колодок"]


async def _approved(session, s, order) -> None:  # type: ignore[no-untyped-def]
    """The labour approved, then the client's approval: on to the purchase."""
    work = s.work
    r = await add_works(
        work, s.head, order.id, [("Замена стоек", Decimal(1500))], seen_stage="LABOUR_PRICING"
    )
    r = await approve_labour(work, s.head, order.id, seen_stage=Stage.LABOUR_PRICING)
    assert r.order.stage == Stage.CLIENT_APPROVAL
    assert kinds(r) == {s.master.id: "task_new"}  # one notice though he is also the master
    approval_task = (await tasks_of(session, order.id))[-1]
    assert approval_task.assignee_id == s.master.id

    r = await record_client_approval(
        work,
        s.master,
        order.id,
        appointment_at=s.clock.now + timedelta(days=2),
        seen_stage=Stage.CLIENT_APPROVAL,
        seen_version=r.order.version,
    )
    assert r.order.stage == Stage.PARTS_PURCHASE
    assert kinds(r) == {s.supplier.id: "task_new"}


async def _purchased(s, order, p1, p2) -> None:  # type: ignore[no-untyped-def]
    work = s.work
    seen = Stage.PARTS_PURCHASE
    r = await set_parts_order(
        work,
        s.supplier,
        order.id,
        [p1],
        vendor_order_no="A-1",
        expected_date=date(2026, 11, 25),
        seen_stage=seen,
    )
    assert r.order.stage == seen
    r = await set_parts_order(
        work,
        s.supplier,
        order.id,
        [p2],
        vendor_order_no="E-55812",
        expected_date=date(2026, 11, 26),
        seen_stage=seen,
    )
    assert r.order.stage == Stage.AWAITING_DELIVERY  # the unavailable part is not waited for
    assert kinds(r) == {s.storekeeper.id: "task_new", s.master.id: "stage_changed"}


async def _received_and_issued(s, order, p1, p2) -> None:  # type: ignore[no-untyped-def]
    """A partial delivery, the rest, and the pre-issue check: done."""
    work = s.work
    seen = Stage.AWAITING_DELIVERY
    r = await receive_part(work, s.storekeeper, order.id, p2, quantity=Decimal(1), seen_stage=seen)
    assert r.order.stage == seen
    assert kinds(r) == {s.master.id: "part_received"}
    await receive_part(work, s.storekeeper, order.id, p1, quantity=Decimal(1), seen_stage=seen)
    r = await receive_part(work, s.storekeeper, order.id, p2, quantity=Decimal(1), seen_stage=seen)
    assert r.order.stage == Stage.PRE_ISSUE_CHECK
    assert kinds(r) == {s.master.id: "task_new"}

    s.clock.now += timedelta(days=2)
    r = await confirm_pre_issue(work, s.master, order.id, seen_stage=Stage.PRE_ISSUE_CHECK)
    assert r.order.stage == Stage.DONE
    assert r.order.closed_at == s.clock.now
    assert r.notices == []


async def _history_of_the_pipeline(session, s, order) -> None:  # type: ignore[no-untyped-def]
    assert [t[:2] for t in await transitions(session, order.id)] == [
        (None, "NEW"),
        ("NEW", "PARTS_PRICING"),
        ("PARTS_PRICING", "LABOUR_PRICING"),
        ("LABOUR_PRICING", "PARTS_PRICING"),
        ("PARTS_PRICING", "LABOUR_PRICING"),
        ("LABOUR_PRICING", "CLIENT_APPROVAL"),
        ("CLIENT_APPROVAL", "PARTS_PURCHASE"),
        ("PARTS_PURCHASE", "AWAITING_DELIVERY"),
        ("AWAITING_DELIVERY", "PRE_ISSUE_CHECK"),
        ("PRE_ISSUE_CHECK", "DONE"),
    ]
    assert (await transitions(session, order.id))[3][2] == "цена стойки устарела"
    all_tasks = await tasks_of(session, order.id)
    assert [(t.stage, t.status) for t in all_tasks] == [
        ("PARTS_PRICING", "done"),
        ("LABOUR_PRICING", "cancelled"),
        ("PARTS_PRICING", "done"),
        ("LABOUR_PRICING", "done"),
        ("CLIENT_APPROVAL", "done"),
        ("PARTS_PURCHASE", "done"),
        ("AWAITING_DELIVERY", "done"),
        ("PRE_ISSUE_CHECK", "done"),
    ]
    assert all(t.closed_at is not None for t in all_tasks)
    assert all_tasks[0].assignee_id == s.supplier.id  # taken by doing the work


async def test_parts_pasted_as_a_list_are_accepted(session, shop):
    lines = parse_parts_text("Колодки передние 2\nФильтр масляный; 11427953129; 1")
    r = await create_order(
        shop.work,
        shop.master,
        client_id=shop.client.id,
        car_id=shop.car.id,
        complaint="ТО",
        parts=lines,
    )
    assert [(p.name, p.article, p.quantity) for p in r.order.parts] == [
        ("Колодки передние", None, Decimal(2)),
        ("Фильтр масляный", "11427953129", Decimal(1)),
    ]
