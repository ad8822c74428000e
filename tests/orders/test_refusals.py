"""Every refusal changes nothing; a wrong role is audited."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from services.errors import DomainError, Forbidden, StaleAction
from services.orders.inputs import PartInput
from services.orders.stages import Stage
from services.orders.use_cases import (
    add_works,
    approve_labour,
    cancel,
    complete_purchase,
    complete_stage,
    director_move,
    mark_part_unavailable,
    move_back,
    price_part,
    receive_part,
    record_client_approval,
    set_parts_order,
)
from services.staff.roles import Role
from services.staff.service import StaffService
from services.storage.models import Order, StageTransition
from tests.orders.conftest import add_employee, audit_count


async def fresh(session, order_id) -> Order:
    return await session.scalar(
        select(Order).where(Order.id == order_id).execution_options(populate_existing=True)
    )


async def price_all(shop, order):
    for p in order.parts:
        await price_part(
            shop.work,
            shop.supplier,
            order.id,
            p.id,
            purchase_price=Decimal(100),
            vendor="Emex",
            delivery_days=1,
            seen_stage=Stage.PARTS_PRICING,
        )


async def test_wrong_role_is_refused_audited_and_changes_nothing(session, shop):
    order = (await shop.new_order()).order
    part_id, version = order.parts[0].id, order.version
    with pytest.raises(Forbidden) as err:
        await price_part(
            shop.work,
            shop.storekeeper,
            order.id,
            part_id,
            purchase_price=Decimal(1),
            vendor="X",
            delivery_days=1,
            seen_stage=Stage.PARTS_PRICING,
        )
    assert err.value.key == "error-forbidden"
    assert await audit_count(session, "access.refused") == 1
    with pytest.raises(Forbidden):
        await cancel(shop.work, shop.supplier, order.id, reason="x", seen_stage=Stage.PARTS_PRICING)
    with pytest.raises(Forbidden):
        await director_move(
            shop.work, shop.head, order.id, to_stage=Stage.DONE, seen_stage=Stage.PARTS_PRICING
        )
    assert await audit_count(session, "access.refused") == 3
    again = await fresh(session, order.id)
    assert (again.stage, again.version) == (Stage.PARTS_PRICING, version)
    assert again.parts[0].purchase_price is None


async def test_inactive_employee_is_refused(session, shop):
    order = (await shop.new_order()).order
    await StaffService(session).deactivate(shop.supplier.telegram_id)
    with pytest.raises(Forbidden):
        await mark_part_unavailable(
            shop.work, shop.supplier, order.id, order.parts[0].id, seen_stage=Stage.PARTS_PRICING
        )


async def test_stale_stage_or_version_explains_itself(session, shop):
    order = (await shop.new_order()).order
    with pytest.raises(StaleAction) as err:
        await approve_labour(shop.work, shop.head, order.id, seen_stage=Stage.LABOUR_PRICING)
    assert err.value.key == "order-error-stale"
    assert err.value.params["stage"] == "PARTS_PRICING"
    with pytest.raises(StaleAction):
        await price_part(
            shop.work,
            shop.supplier,
            order.id,
            order.parts[0].id,
            purchase_price=Decimal(1),
            vendor="X",
            delivery_days=1,
            seen_stage=Stage.PARTS_PRICING,
            seen_version=order.version - 1,
        )
    # The right stage seen, but the action is not of this stage.
    with pytest.raises(DomainError) as wrong:
        await approve_labour(shop.work, shop.head, order.id, seen_stage=Stage.PARTS_PRICING)
    assert wrong.value.key == "order-error-wrong-stage"
    assert (await fresh(session, order.id)).version == order.version


async def test_back_move_without_reason_and_bad_targets(session, shop):
    order = (await shop.new_order()).order
    await price_all(shop, order)
    for reason in ("", "  "):
        with pytest.raises(DomainError) as err:
            await move_back(
                shop.work,
                shop.head,
                order.id,
                to_stage=Stage.PARTS_PRICING,
                reason=reason,
                seen_stage=Stage.LABOUR_PRICING,
            )
        assert err.value.key == "order-error-reason-required"
    with pytest.raises(DomainError) as err:
        await move_back(
            shop.work,
            shop.head,
            order.id,
            to_stage=Stage.CLIENT_APPROVAL,
            reason="x",
            seen_stage=Stage.LABOUR_PRICING,
        )
    assert err.value.key == "order-error-bad-move"
    with pytest.raises(DomainError):
        await director_move(
            shop.work,
            shop.director,
            order.id,
            to_stage=Stage.PARTS_PRICING,
            seen_stage="LABOUR_PRICING",
        )
    with pytest.raises(DomainError):
        await cancel(shop.work, shop.master, order.id, reason="", seen_stage="LABOUR_PRICING")
    assert (await fresh(session, order.id)).stage == Stage.LABOUR_PRICING
    count = await session.scalar(
        select(StageTransition.id)
        .where(StageTransition.order_id == order.id)
        .order_by(StageTransition.id.desc())
        .limit(1)
    )
    assert count == 3


async def test_completing_a_stage_before_its_guard_holds(session, shop):
    order = (await shop.new_order()).order
    with pytest.raises(DomainError) as err:
        await complete_stage(shop.work, shop.supplier, order.id, seen_stage=Stage.PARTS_PRICING)
    assert err.value.key == "order-error-parts-not-priced"
    await price_all(shop, order)
    with pytest.raises(DomainError) as err:
        await approve_labour(shop.work, shop.head, order.id, seen_stage=Stage.LABOUR_PRICING)
    assert err.value.key == "order-error-no-works"
    with pytest.raises(DomainError) as err:
        await complete_stage(shop.work, shop.head, order.id, seen_stage=Stage.LABOUR_PRICING)
    assert err.value.key == "order-error-labour-not-approved"
    await add_works(
        shop.work, shop.head, order.id, [("Работа", Decimal(500))], seen_stage=Stage.LABOUR_PRICING
    )
    await approve_labour(shop.work, shop.head, order.id, seen_stage=Stage.LABOUR_PRICING)
    with pytest.raises(DomainError) as err:
        await record_client_approval(
            shop.work,
            shop.master,
            order.id,
            appointment_at=shop.clock.now - timedelta(days=1),
            seen_stage=Stage.CLIENT_APPROVAL,
        )
    assert err.value.key == "order-error-bad-appointment"
    await record_client_approval(
        shop.work,
        shop.master,
        order.id,
        appointment_at=shop.clock.now + timedelta(days=1),
        seen_stage=Stage.CLIENT_APPROVAL,
    )
    with pytest.raises(DomainError) as err:
        await complete_purchase(shop.work, shop.supplier, order.id, seen_stage="PARTS_PURCHASE")
    assert err.value.key == "order-error-parts-not-ordered"
    assert (await fresh(session, order.id)).stage == Stage.PARTS_PURCHASE


async def test_over_receipt_is_refused(session, shop):
    order = (await shop.new_order([PartInput("Стойка", None, Decimal(2))])).order
    await director_move(
        shop.work,
        shop.director,
        order.id,
        to_stage=Stage.PARTS_PURCHASE,
        seen_stage="PARTS_PRICING",
    )
    await set_parts_order(
        shop.work,
        shop.supplier,
        order.id,
        [order.parts[0].id],
        vendor_order_no="E-1",
        expected_date=date(2026, 11, 25),
        seen_stage=Stage.PARTS_PURCHASE,
    )
    seen = Stage.AWAITING_DELIVERY
    pid = order.parts[0].id
    await receive_part(
        shop.work, shop.storekeeper, order.id, pid, quantity=Decimal(1), seen_stage=seen
    )
    with pytest.raises(DomainError) as err:
        await receive_part(
            shop.work, shop.storekeeper, order.id, pid, quantity=Decimal(2), seen_stage=seen
        )
    assert err.value.key == "order-error-over-receipt"
    assert err.value.params["missing"] == "1"
    with pytest.raises(DomainError) as bad:
        await receive_part(
            shop.work, shop.storekeeper, order.id, pid, quantity=Decimal(0), seen_stage=seen
        )
    assert bad.value.key == "order-error-bad-quantity"
    assert (await fresh(session, order.id)).parts[0].received_quantity == Decimal(1)


async def test_someone_elses_task_refuses_the_work(session, shop):
    order = (await shop.new_order()).order
    other = await add_employee(session, 20, "Второй снабженец", Role.SUPPLIER)
    await price_part(
        shop.work,
        shop.supplier,
        order.id,
        order.parts[0].id,
        purchase_price=Decimal(1),
        vendor="X",
        delivery_days=1,
        seen_stage=Stage.PARTS_PRICING,
    )
    with pytest.raises(DomainError) as err:
        await mark_part_unavailable(
            shop.work, other, order.id, order.parts[1].id, seen_stage=Stage.PARTS_PRICING
        )
    assert (err.value.key, err.value.params["name"]) == ("task-error-taken", "Олег")
    # The director may act on anyone's task.
    await mark_part_unavailable(
        shop.work, shop.director, order.id, order.parts[1].id, seen_stage=Stage.PARTS_PRICING
    )


async def test_bad_input(session, shop):
    with pytest.raises(DomainError) as err:
        await shop.new_order([PartInput("Колодки", None, Decimal(0))])
    assert err.value.key == "order-error-bad-quantity"
    with pytest.raises(DomainError) as err:
        await shop.new_order([PartInput("  ", None, Decimal(1))])
    assert err.value.key == "order-error-empty-name"
    order = (await shop.new_order()).order
    with pytest.raises(DomainError) as err:
        await price_part(
            shop.work,
            shop.supplier,
            order.id,
            order.parts[0].id,
            purchase_price=Decimal("-1"),
            vendor="X",
            delivery_days=1,
            seen_stage=Stage.PARTS_PRICING,
        )
    assert err.value.key == "order-error-bad-price"
    assert await session.scalar(select(Order.id).where(Order.id != order.id)) is None


async def test_one_vendor_order_for_several_parts_is_all_or_none(session, shop):
    """«Тот же заказ для всех деталей» is one step: a refused part saves none of them, and the
    parts that are saved take one version."""
    order = (await shop.new_order()).order
    await director_move(
        shop.work,
        shop.director,
        order.id,
        to_stage=Stage.PARTS_PURCHASE,
        seen_stage="PARTS_PRICING",
    )
    first, second = order.parts[0].id, order.parts[1].id
    version = (await fresh(session, order.id)).version
    with pytest.raises(DomainError):
        await set_parts_order(
            shop.work,
            shop.supplier,
            order.id,
            [first, 999_999],
            vendor_order_no="E-1",
            expected_date=date(2026, 11, 25),
            seen_stage=Stage.PARTS_PURCHASE,
        )
    assert [p.vendor_order_no for p in (await fresh(session, order.id)).parts] == [None] * 3
    result = await set_parts_order(
        shop.work,
        shop.supplier,
        order.id,
        [first, second],
        vendor_order_no="E-1",
        expected_date=date(2026, 11, 25),
        seen_stage=Stage.PARTS_PURCHASE,
    )
    assert [p.vendor_order_no for p in result.order.parts] == ["E-1", "E-1", None]
    assert result.order.version == version + 1
    assert await audit_count(session, "part.ordered") == 2
