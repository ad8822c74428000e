"""A task re-opened after its deadline reads «[Просрочено] …» in the portal too."""

from __future__ import annotations

from sqlalchemy import select

from services.outbox.kinds import Kind
from services.outbox.writer import enqueue
from services.storage.models import StageTask
from tests.mirror.portal import relay_for, set_up
from tests.mirror.walk import MirrorShop


async def test_overdue_task_title(fake_portal, mirror_shop: MirrorShop, outbox_factory) -> None:
    await set_up(fake_portal, outbox_factory)
    client_id, car_id = await mirror_shop.client_and_car()
    order_id = await mirror_shop.new_order(client_id, car_id)
    async with outbox_factory() as session:
        task = await session.scalar(
            select(StageTask).where(StageTask.order_id == order_id, StageTask.status == "open")
        )
        task.overdue = True
        enqueue(session, Kind.TASK_SYNC, task.id)
        await session.commit()
    relay = relay_for(fake_portal, outbox_factory)
    try:
        await relay.drain()
    finally:
        await relay.close()
        await relay.client.close()
    titles = [str(t.get("TITLE") or t.get("title")) for t in fake_portal.state.tasks.rows.values()]
    assert any(title.startswith("[Просрочено] Заказ №") for title in titles), titles
