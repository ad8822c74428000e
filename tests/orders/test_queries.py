"""Task and order lists, the order card, search, shortages and phone visibility."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import update

from services.errors import NotFound
from services.orders.inputs import PartInput
from services.orders.phones import visible_phone
from services.orders.queries import OrderQueries
from services.orders.stages import Stage
from services.orders.use_cases import (
    add_works,
    cancel,
    claim_task,
    create_order,
    director_move,
    mark_part_unavailable,
    price_part,
    receive_part,
    set_parts_order,
)
from services.staff.roles import Role
from services.staff.shop_settings import set_phone_visible_roles
from services.storage.models import Car, Client, ClientPhone, WorkLine
from tests.orders.conftest import add_employee


def test_visible_phone():
    assert visible_phone("+79161234567", {"master"}) == "+7 916 123-45-67"
    assert visible_phone("+79161234567", {"supplier", "storekeeper"}) == "+7 9•• •••-45-67"
    assert visible_phone(None, {"director"}) is None


async def test_task_and_order_lists(session, shop):
    q = OrderQueries(session)
    other_master = await add_employee(session, 30, "Михаил", Role.MASTER)
    first = (await shop.new_order()).order
    shop.clock.now += timedelta(minutes=5)
    second = (await shop.new_order()).order
    theirs = (
        await create_order(
            shop.work,
            other_master,
            client_id=shop.client.id,
            car_id=shop.car.id,
            complaint="",
            parts=[],
        )
    ).order

    tasks = await q.my_tasks(shop.supplier)
    assert [row.order.id for row in tasks.items] == [first.id, second.id]  # by deadline
    assert tasks.total == 2 and tasks.items[0].car.plate == "А123ВС77"
    page = await q.my_tasks(shop.supplier, limit=1, offset=1)
    assert [r.order.id for r in page.items] == [second.id] and page.total == 2
    assert not page.has_more
    # Taken by someone else: no longer in my list; offered to my role: in it.
    await claim_task(shop.work, shop.supplier, tasks.items[0].task.id)
    second_supplier = await add_employee(session, 31, "Вадим", Role.SUPPLIER)
    assert [r.order.id for r in (await q.my_tasks(second_supplier)).items] == [second.id]
    assert (await q.my_tasks(shop.head)).items[0].order.id == theirs.id

    mine = await q.my_orders(shop.master)
    assert [r.order.id for r in mine.items] == [second.id, first.id]
    assert mine.items[0].client.full_name == "Иван Петров"
    assert (await q.my_orders(shop.head)).total == 3
    assert (await q.my_orders(shop.director, limit=2)).has_more
    await cancel(shop.work, shop.master, first.id, reason="дубль", seen_stage="PARTS_PRICING")
    assert (await q.my_orders(shop.master)).total == 1
    assert (await q.my_orders(shop.master, include_closed=True)).total == 2

    in_pricing = await q.orders_in_stage(Stage.PARTS_PRICING)
    assert [r.order.id for r in in_pricing.items] == [second.id]
    history = await q.car_history(shop.car.id)
    assert [r.order.id for r in history.items] == [theirs.id, second.id, first.id]


async def _priced_with_a_work(shop):  # type: ignore[no-untyped-def]
    """A new order with two parts priced, the third unavailable and one work added."""
    order = (await shop.new_order()).order
    p1, p2, p3 = (p.id for p in order.parts)
    for pid, price in ((p1, 4200), (p2, 3100)):
        await price_part(
            shop.work,
            shop.supplier,
            order.id,
            pid,
            purchase_price=Decimal(price),
            vendor="Emex",
            delivery_days=2,
            seen_stage=Stage.PARTS_PRICING,
        )
    await mark_part_unavailable(
        shop.work, shop.supplier, order.id, p3, seen_stage=Stage.PARTS_PRICING
    )
    await add_works(
        shop.work, shop.head, order.id, [("Замена", Decimal(2000))], seen_stage="LABOUR_PRICING"
    )
    return order


async def test_order_card(session, shop):
    q = OrderQueries(session)
    order = await _priced_with_a_work(shop)
    card = await q.order_card(order.id, shop.master)
    assert card.order.stage == Stage.LABOUR_PRICING
    assert card.phone == "+7 916 123-45-67"
    assert (card.client_name, card.car.plate, card.master_name) == (
        "Иван Петров",
        "А123ВС77",
        "Сергей",
    )
    assert [p.name for p in card.parts] == [
        "Колодки передние",
        "Стойка стабилизатора",
        "Фильтр салона",
    ]
    assert [w.name for w in card.works] == ["Замена"]
    assert card.totals.parts_cost == Decimal("10400.00")  # 4200 + 2 × 3100
    assert card.totals.parts_sale == Decimal("13520.00")  # 5460 + 2 × 4030
    assert card.totals.grand_total == Decimal("15520.00")
    assert card.totals.parts_margin == Decimal("3120.00")
    assert card.media_count == 2
    media = await q.media(order.id)
    assert [(m.kind, m.media_group_id) for m in media] == [("photo", "g1"), ("video", None)]
    assert [(t.transition.to_stage, t.actor_name) for t in await q.history(order.id)] == [
        ("NEW", "Сергей"),
        ("PARTS_PRICING", "Сергей"),
        ("LABOUR_PRICING", "Олег"),
    ]
    [task] = card.open_tasks
    assert (task.task.stage, task.assignee_name) == ("LABOUR_PRICING", "Пётр")

    supplier_view = await q.order_card(order.id, shop.supplier)
    assert supplier_view.phone == "+7 9•• •••-45-67"
    with pytest.raises(NotFound):
        await q.order_card(order.id + 100, shop.master)


async def test_a_list_page_is_plain_values(session, shop):
    q = OrderQueries(session)
    for _ in range(3):
        await shop.new_order()
    session.expunge_all()
    tasks = await q.my_tasks(shop.supplier)
    mine = await q.my_orders(shop.master)
    waiting = await q.orders_in_stage(Stage.PARTS_PRICING)
    found = await q.search("А123ВС77")
    assert [len(p.items) for p in (tasks, mine, waiting, found)] == [3, 3, 3, 3]
    # Plain values, not ORM objects (issue 9: building those cost more than reading the page);
    # nothing is left behind in the session, and nothing can be read behind the caller's back.
    assert len(session.sync_session.identity_map) == 0
    line = mine.items[0]
    assert (line.order.stage, line.car.plate, line.client.full_name) == (
        Stage.PARTS_PRICING.value,
        "А123ВС77",
        "Иван Петров",
    )
    assert tasks.items[0].task.stage == Stage.PARTS_PRICING.value
    assert tasks.items[0].task.deadline.tzinfo is not None  # UTC-aware, as the models give it
    assert not hasattr(line.order, "parts")


async def test_card_shows_the_newest_phone_as_the_setting_allows(session, shop):
    q = OrderQueries(session)
    order = (await shop.new_order()).order
    session.add_all(
        WorkLine(order_id=order.id, position=n, name=name, cost=Decimal(100))
        for n, name in enumerate(["Замена колодок", "Диагностика", "Мойка"], 1)
    )
    # Newer than the number the order saved, which took the wall clock (not the shop's).
    newer = ClientPhone(phone="+79035550011", added_at=datetime.now(UTC) + timedelta(days=1))
    session.add(ClientPhone(client_id=shop.client.id, phone=newer.phone, added_at=newer.added_at))
    await set_phone_visible_roles(session, [Role.SUPPLIER.value], actor=shop.director)
    session.expunge_all()

    card = await q.order_card(order.id, shop.supplier)
    assert [w.name for w in card.works] == ["Замена колодок", "Диагностика", "Мойка"]
    assert len(card.parts) == 3 and card.media_count == 2
    assert card.client_name == "Иван Петров"
    assert card.phone == "+7 903 555-00-11"  # the newest number, in full: supplier now may
    assert (await q.order_card(order.id, shop.storekeeper)).phone == "+7 9•• •••-00-11"

    await session.execute(
        update(ClientPhone)
        .where(ClientPhone.phone == newer.phone)
        .values(retired_at=shop.clock.now + timedelta(days=2))
    )
    await session.commit()
    assert (await q.order_card(order.id, shop.director)).phone == "+7 916 123-45-67"
    assert (await q.order_card(order.id, shop.master)).phone == "+7 9•• •••-45-67"  # not chosen


async def test_history_and_car_of(session, shop):
    q = OrderQueries(session)
    order = (await shop.new_order()).order
    session.expunge_all()

    moves = await q.history(order.id)
    assert [(m.transition.from_stage, m.transition.to_stage) for m in moves] == [
        (None, Stage.NEW.value),
        (Stage.NEW.value, Stage.PARTS_PRICING.value),
    ]
    assert {m.actor_name for m in moves} == {shop.master.full_name}
    assert await q.car_of(order.id) == shop.car.id
    for unknown in (q.history, q.car_of):
        with pytest.raises(NotFound):
            await unknown(order.id + 1000)


async def test_search(session, shop):
    q = OrderQueries(session)
    other = Client(full_name="Анна")
    other.phones = [ClientPhone(phone="+79031112233")]
    car = Car(vin="XTA21099012345678", plate="О777ОО99")
    session.add_all([other, car])
    await session.commit()
    first = (await shop.new_order()).order
    second = (await shop.new_order()).order
    theirs = (
        await create_order(
            shop.work, shop.master, client_id=other.id, car_id=car.id, complaint="", parts=[]
        )
    ).order

    async def found(text):
        return [r.order.id for r in (await q.search(text)).items]

    assert await found(str(first.id)) == [first.id]
    assert await found(f"№ {second.id}") == [second.id]
    assert await found("8 (916) 123-45-67") == [second.id, first.id]
    assert await found("+7 903 111 22 33") == [theirs.id]
    assert await found("xta-21099-012345678") == [theirs.id]
    assert await found("012345678") == [theirs.id]  # the VIN's tail
    assert await found("a 123 bc 77 rus") == [second.id, first.id]
    assert await found("о777оо99") == [theirs.id]
    assert await found("что-то") == []
    assert await found("   ") == []


async def test_shortages_of_all_waiting_orders(session, shop):
    q = OrderQueries(session)
    order = (await shop.new_order([PartInput("Стойка", None, Decimal(3))])).order
    await director_move(
        shop.work,
        shop.director,
        order.id,
        to_stage=Stage.PARTS_PURCHASE,
        seen_stage="PARTS_PRICING",
    )
    assert await q.shortages() == []  # not ordered yet: nothing to chase
    await set_parts_order(
        shop.work,
        shop.supplier,
        order.id,
        [order.parts[0].id],
        vendor_order_no="E-1",
        expected_date=date(2026, 11, 25),
        seen_stage=Stage.PARTS_PURCHASE,
    )
    await receive_part(
        shop.work,
        shop.storekeeper,
        order.id,
        order.parts[0].id,
        quantity=Decimal(1),
        seen_stage=Stage.AWAITING_DELIVERY,
    )
    [short] = await q.shortages()
    assert (short.order_id, short.part.name, short.missing) == (order.id, "Стойка", Decimal(2))
