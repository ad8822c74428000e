"""A task re-opened after its deadline reads «[Просрочено] …» in the portal too."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from services.crm.outbox.kinds import Kind
from services.crm.outbox.writer import enqueue
from services.orders import OrderWork, Stage
from services.orders.use_cases import set_parts_order
from services.staff.roles import Role
from services.storage.models import Employee, Order, StageTask
from tests.mirror.portal import drain, set_up
from tests.mirror.walk import MirrorShop


async def test_overdue_task_title(fake_portal, mirror_shop: MirrorShop, outbox_factory) -> None:
    await set_up(fake_portal, outbox_factory)
    order_id = await mirror_shop.order_at()
    await _mark_overdue(outbox_factory, order_id)
    await drain(fake_portal, outbox_factory)
    titles = _titles(fake_portal)
    assert any(title.startswith("[Просрочено] Заказ №") for title in titles), titles


async def test_a_new_delivery_date_drops_the_overdue_title(
    fake_portal, mirror_shop: MirrorShop, outbox_factory
) -> None:
    """Receiving went «[Просрочено]»; the vendor's new date puts it on time, and the portal's
    task loses the prefix with the step that re-planned it."""
    await set_up(fake_portal, outbox_factory)
    order_id = await mirror_shop.order_at(Stage.AWAITING_DELIVERY)
    await _mark_overdue(outbox_factory, order_id)
    await drain(fake_portal, outbox_factory)
    assert any(t.startswith("[Просрочено] Заказ №") for t in _titles(fake_portal))

    async with outbox_factory() as session:
        order = await session.get(Order, order_id)
        supplier = await session.get(Employee, mirror_shop.staff[Role.SUPPLIER])
        assert order is not None and supplier is not None
        part = next(p for p in order.parts if p.status == "ordered")
        await set_parts_order(
            OrderWork(session),
            supplier,
            order_id,
            [part.id],
            vendor_order_no=part.vendor_order_no or "E-1",
            expected_date=date.today() + timedelta(days=7),
            seen_stage=Stage.AWAITING_DELIVERY,
        )
    await drain(fake_portal, outbox_factory)
    titles = _titles(fake_portal)
    assert not any(t.startswith("[Просрочено]") for t in titles), titles


def _titles(fake_portal) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(t.get("TITLE") or t.get("title")) for t in fake_portal.state.tasks.rows.values()]


async def _mark_overdue(outbox_factory, order_id: int) -> None:  # type: ignore[no-untyped-def]
    """The order's open task went past its deadline, and the portal is to hear of it."""
    async with outbox_factory() as session:
        task = await session.scalar(
            select(StageTask).where(StageTask.order_id == order_id, StageTask.status == "open")
        )
        task.overdue = True
        enqueue(session, Kind.TASK_SYNC, task.id)
        await session.commit()
