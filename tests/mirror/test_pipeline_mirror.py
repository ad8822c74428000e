"""An order taken through the whole pipeline ends up in the portal once, complete."""

from __future__ import annotations

from sqlalchemy import select

from services.crm.mirror.mapping import load_mapping
from services.orders import Stage
from services.storage.models import Car, Client, Order, OutboxMessage, StageTask
from tests.mirror.portal import cars, comments, contacts, deals, drain, set_up
from tests.mirror.walk import MirrorShop


async def _walk(shop: MirrorShop) -> int:
    client_id, car_id = await shop.client_and_car()
    order_id = await shop.new_order(client_id, car_id)
    while await shop.stage(order_id) is not Stage.DONE:
        await shop.advance(order_id)
    return order_id


async def test_whole_pipeline_arrives_once(fake_portal, mirror_shop, outbox_factory) -> None:
    await set_up(fake_portal, outbox_factory)
    order_id = await _walk(mirror_shop)
    await drain(fake_portal, outbox_factory)
    async with outbox_factory() as session:
        mapping = await load_mapping(session)
        order = await session.get(Order, order_id)
        client = await session.get(Client, order.client_id)
        car = await session.get(Car, order.car_id)
        tasks = (await session.scalars(select(StageTask).order_by(StageTask.id))).all()
        statuses = set((await session.scalars(select(OutboxMessage.status))).all())
    assert mapping is not None
    assert statuses == {"done"}
    [contact] = contacts(fake_portal)
    assert contact["ID"] == str(client.bitrix_contact_id)
    assert [p["VALUE"] for p in contact["PHONE"]] == ["+79161234567"]
    [item] = cars(fake_portal, mapping.car_entity_type_id)
    assert item["id"] == car.bitrix_item_id
    [deal] = deals(fake_portal)
    assert deal["ID"] == str(order.bitrix_deal_id)
    assert deal["STAGE_ID"] == mapping.stages[Stage.DONE]
    assert deal["ORIGIN_ID"] == f"stobot-order-{order_id}"
    assert deal[f"PARENT_ID_{mapping.car_entity_type_id}"] == str(car.bitrix_item_id)
    assert deal["ASSIGNED_BY_ID"] == "12"
    rows = fake_portal.state.deals.rows[order.bitrix_deal_id]["_rows"]
    assert [(r["PRODUCT_NAME"], r["QUANTITY"]) for r in rows] == [
        ("Колодки передние", 1.0),
        ("Стойка стабилизатора", 2.0),
        ("Замена колодок", 1.0),
    ]
    # 1300 + 2 × 2600 + 1500: parts at the default 30 % markup, plus the labour.
    assert float(deal["OPPORTUNITY"]) == 8000.0
    portal_tasks = fake_portal.state.tasks.rows
    assert len(portal_tasks) == len(tasks) == 6
    assert {t.bitrix_task_id for t in tasks} == set(portal_tasks)
    assert all(t["STATUS"] == 5 for t in portal_tasks.values())
    assert all(t["UF_CRM_TASK"] == [f"D_{order.bitrix_deal_id}"] for t in portal_tasks.values())
    texts = comments(fake_portal, order.bitrix_deal_id)
    assert any("оценил запчасть «Колодки передние»" in t for t in texts)
    assert any("Успешно завершено" in t for t in texts)
    assert sum("Фото к заказу" in t for t in texts) == 1
