"""A deal made in the portal becomes an order that takes the bot's own road."""

from __future__ import annotations

from sqlalchemy import select

from services.crm.outbox import Kind
from services.orders import Stage
from services.staff.roles import Role
from services.storage.models import Car, Client, Employee, InboxEvent, OutboxMessage, StageTask
from tests.inbound.two_way import TwoWay
from tests.mirror.walk import PEOPLE


async def test_deal_becomes_order_with_client_car_master_and_pricing_task(
    two_way: TwoWay,
) -> None:
    deal_id = await two_way.crm_deal()
    await two_way.settle()

    order = await two_way.order_of_deal(deal_id)
    assert order is not None
    assert order.master_id == two_way.shop.staff[Role.MASTER]
    assert order.stage == Stage.PARTS_PRICING.value
    assert order.complaint == "горит чек"
    assert [(p.name, p.quantity) for p in order.parts] == [
        ("Свеча зажигания 1", 4),
        ("Свеча зажигания 2", 4),
    ]
    async with two_way.factory() as session:
        client = await session.get(Client, order.client_id)
        car = await session.get(Car, order.car_id)
        task = await session.scalar(select(StageTask).where(StageTask.order_id == order.id))
    assert client is not None and car is not None and task is not None
    assert [p.phone for p in client.phones] == ["+79165554433"]
    assert client.full_name == "Пётр Сидоров"
    assert (car.vin, car.plate) == ("XW8ZZZ61ZBG123456", "В777ОР199")
    assert task.stage == Stage.PARTS_PRICING.value and task.role == Role.SUPPLIER.value
    supplier_tg = PEOPLE[Role.SUPPLIER][0]
    assert any("Калькуляция запчастей" in text for text in two_way.messages(supplier_tg))

    # The deal shows our stage and the supplier's task once the mirror has sent them, and
    # those writes coming back as events change nothing.
    before = await two_way.counts()
    await two_way.both_ways()
    assert await two_way.counts() == before
    deal = await two_way.call("crm.deal.get", {"id": deal_id})
    assert deal["STAGE_ID"] == two_way.mapping.stages[Stage.PARTS_PRICING]
    [portal_task] = two_way.portal.state.tasks.rows.values()
    assert portal_task["RESPONSIBLE_ID"] == PEOPLE[Role.SUPPLIER][2]
    assert len(two_way.portal.state.deals.rows) == 1
    assert len(two_way.portal.state.items.items[two_way.mapping.car_entity_type_id]) == 1


async def test_deal_made_order_is_linked_to_contact_and_item_and_queues_no_echo(
    two_way: TwoWay,
) -> None:
    """The order, its client and car are saved tied to the deal, the contact and the car item
    together; the outbox gets the deal's own rows, and nothing for the contact or car."""
    deal_id = await two_way.crm_deal()
    await two_way.settle()
    order = await two_way.order_of_deal(deal_id)
    assert order is not None
    async with two_way.factory() as session:
        client = await session.get(Client, order.client_id)
        car = await session.get(Car, order.car_id)
        queued = (await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))).all()
    deal = await two_way.call("crm.deal.get", {"id": deal_id})
    assert client is not None and client.bitrix_contact_id == int(deal["CONTACT_ID"])
    assert car is not None and car.bitrix_item_id is not None
    assert order.version == 2
    assert [(m.kind, m.entity_id) for m in queued] == [
        (Kind.DEAL_SYNC.value, order.id),
        (Kind.DEAL_CLAIM.value, order.id),
        (Kind.TASK_SYNC.value, queued[2].entity_id),
        (Kind.DEAL_COMMENT.value, order.id),
    ]
    assert queued[3].payload == {
        "actor": queued[3].payload["actor"],
        "actions": [{"action": "order.created", "parts": 2, "media": 0}],
        "moves": [{"from": Stage.NEW.value, "to": Stage.PARTS_PRICING.value, "reason": None}],
    }


async def test_known_client_and_car_are_matched_not_duplicated(two_way: TwoWay) -> None:
    client_id, car_id = await two_way.shop.client_and_car()
    deal_id = await two_way.crm_deal(phone="8 (916) 123-45-67", vin="WBAKS410500A12345", rows=0)
    await two_way.settle()
    order = await two_way.order_of_deal(deal_id)
    assert order is not None
    assert (order.client_id, order.car_id) == (client_id, car_id)
    # No parts: pricing passes straight on to the head's labour pricing.
    assert order.stage == Stage.LABOUR_PRICING.value


async def test_same_event_twice_is_applied_once(two_way: TwoWay) -> None:
    two_way.portal.events.drop_deliveries = True
    deal_id = await two_way.crm_deal()
    two_way.portal.events.drop_deliveries = False
    first = await two_way.portal.events.emit("ONCRMDEALADD", {"FIELDS": {"ID": deal_id}})
    # Emitting again would stamp a new second on a slow machine: a different delivery.
    again = await two_way.portal.events.resend(first)
    assert first.status == again.status == 200
    async with two_way.factory() as session:
        stored = (await session.scalars(select(InboxEvent))).all()
    assert len(stored) == 1  # the very same delivery is kept once
    # Another delivery about the same deal finds the order already made.
    await two_way.portal.events.emit("ONCRMDEALUPDATE", {"FIELDS": {"ID": deal_id}})
    await two_way.settle()
    await two_way.settle()
    assert (await two_way.counts())[0] == 1


async def test_wrong_token_is_refused_and_nothing_stored(two_way: TwoWay) -> None:
    two_way.portal.events.drop_deliveries = True
    deal_id = await two_way.crm_deal()
    two_way.portal.events.drop_deliveries = False
    two_way.portal.events.application_token = "not-the-token"
    refused = await two_way.portal.events.emit("ONCRMDEALADD", {"FIELDS": {"ID": deal_id}})
    two_way.portal.events.application_token = "outgoing-webhook-token-42"
    two_way.portal.events.domain = "evil.bitrix24.ru"
    other_portal = await two_way.portal.events.emit("ONCRMDEALADD", {"FIELDS": {"ID": deal_id}})
    assert refused.status == other_portal.status == 401
    async with two_way.factory() as session:
        assert (await session.scalars(select(InboxEvent))).all() == []
    await two_way.settle()
    assert await two_way.order_of_deal(deal_id) is None


async def test_control_characters_from_the_portal_are_dropped(two_way: TwoWay) -> None:
    """A NUL typed (or pasted) in the CRM would fail the order's transaction on PostgreSQL."""
    deal_id = await two_way.crm_deal()
    deal = await two_way.call("crm.deal.get", {"id": deal_id})
    contact_id = int(deal["CONTACT_ID"])
    await two_way.call("crm.contact.update", {"id": contact_id, "fields": {"NAME": "Пё\x00тр\x07"}})
    await two_way.call(
        "crm.deal.productrows.set",
        {"id": deal_id, "rows": [{"PRODUCT_NAME": "Свеча\x00 зажигания", "QUANTITY": 4}]},
    )
    await two_way.call("crm.deal.update", {"id": deal_id, "fields": {"COMMENTS": "горит\x00 чек"}})
    await two_way.settle()
    order = await two_way.order_of_deal(deal_id)
    assert order is not None
    assert order.complaint == "горит чек"
    assert [p.name for p in order.parts] == ["Свеча зажигания"]
    async with two_way.factory() as session:
        client = await session.get(Client, order.client_id)
    assert client is not None and client.full_name == "Пётр Сидоров"


async def test_deal_made_in_crm_gets_our_ids_written_back_once(two_way: TwoWay) -> None:
    deal_id = await two_way.crm_deal()
    await two_way.settle()
    order = await two_way.order_of_deal(deal_id)
    assert order is not None
    # The portal is away when the mirror first tries: that only delays it.
    two_way.portal.faults.down()
    await two_way.relay(once=True)
    two_way.portal.faults.clear()
    assert not two_way.portal.state.deals.rows[deal_id].get("ORIGIN_ID")
    await two_way.both_ways()
    deal = await two_way.call("crm.deal.get", {"id": deal_id})
    assert (deal["ORIGINATOR_ID"], deal["ORIGIN_ID"]) == ("stobot", f"stobot-order-{order.id}")
    assert int(deal["CONTACT_ID"]) == int(two_way.portal.state.contacts.render_all()[0]["ID"])

    # Written once: later syncs of the order leave those fields to the portal.
    await two_way.call("crm.deal.update", {"id": deal_id, "fields": {"ORIGIN_ID": "kept"}})
    await two_way.settle()
    await two_way.shop.advance(order.id)
    await two_way.both_ways()
    deal = await two_way.call("crm.deal.get", {"id": deal_id})
    assert deal["ORIGIN_ID"] == "kept"
    assert deal["STAGE_ID"] == two_way.mapping.stages[Stage.LABOUR_PRICING]


async def test_deal_made_in_crm_for_a_known_client_names_the_client_contact(
    two_way: TwoWay,
) -> None:
    client_id, car_id = await two_way.shop.client_and_car()
    await two_way.shop.new_order(client_id, car_id)
    await two_way.both_ways()
    async with two_way.factory() as session:
        client = await session.get(Client, client_id)
    assert client is not None and client.bitrix_contact_id is not None
    # A second contact with the same phone, made in the CRM, and a deal on it.
    deal_id = await two_way.crm_deal(phone="8 (916) 123-45-67", vin="WBAKS410500A12345", rows=0)
    await two_way.settle()
    order = await two_way.order_of_deal(deal_id)
    assert order is not None and order.client_id == client_id
    await two_way.both_ways()
    deal = await two_way.call("crm.deal.get", {"id": deal_id})
    assert deal["ORIGIN_ID"] == f"stobot-order-{order.id}"
    assert int(deal["CONTACT_ID"]) == client.bitrix_contact_id
    # The contact the deal was made on stays bound beside the client's.
    bound = await two_way.call("crm.deal.contact.items.get", {"id": deal_id})
    assert len(bound) == 2


async def test_another_integrations_ids_on_a_crm_deal_are_kept(two_way: TwoWay) -> None:
    """A deal a web form or 1C made carries its own ORIGIN_ID: its duplicate check needs it."""
    deal_id = await two_way.crm_deal()
    theirs = {"ORIGINATOR_ID": "1c", "ORIGIN_ID": "1c-000417"}
    await two_way.call("crm.deal.update", {"id": deal_id, "fields": theirs})
    await two_way.settle()
    assert await two_way.order_of_deal(deal_id) is not None
    await two_way.both_ways()
    deal = await two_way.call("crm.deal.get", {"id": deal_id})
    assert (deal["ORIGINATOR_ID"], deal["ORIGIN_ID"]) == ("1c", "1c-000417")


async def test_ids_write_back_is_queued_once_for_repeated_events(two_way: TwoWay) -> None:
    deal_id = await two_way.crm_deal()
    await two_way.settle()
    made = await two_way.counts()
    assert made[0] == 1
    for event in ("ONCRMDEALADD", "ONCRMDEALUPDATE", "ONCRMDEALADD"):
        await two_way.portal.events.emit(event, {"FIELDS": {"ID": deal_id}})
    await two_way.settle(reconcile=True)
    await two_way.portal.events.emit("ONCRMDEALUPDATE", {"FIELDS": {"ID": deal_id}})
    await two_way.settle(reconcile=True)
    async with two_way.factory() as session:
        claims = await session.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == Kind.DEAL_CLAIM.value)
        )
        assert len(claims.all()) == 1
    assert await two_way.counts() == made


async def test_a_deal_the_bot_refuses_names_the_stage_in_words(
    two_way: TwoWay, monkeypatch
) -> None:
    """A refusal that names a stage reads its name on the deal's timeline, not its code."""
    from services.crm.inbound import creating
    from services.errors import DomainError

    async def refuse(*args: object, **kwargs: object) -> None:
        raise DomainError("order-error-stale", stage=Stage.PARTS_PRICING.value)

    monkeypatch.setattr(creating, "create_order", refuse)
    deal_id = await two_way.crm_deal()
    await two_way.settle()
    comments = two_way.comments(deal_id)
    assert any("«Калькуляция запчастей»" in c for c in comments), comments
    assert not any("PARTS_PRICING" in c for c in comments)


async def test_a_contact_whose_number_changed_is_still_its_client(two_way: TwoWay) -> None:
    """A client tied to a contact is that contact's client whatever numbers the portal shows
    now: a deal of the contact with only a new number does not make a second client."""
    from services.crm.inbound.creating import _client
    from services.crm.inbound.reading import ContactRead

    first = await two_way.crm_deal()
    await two_way.settle()
    order = await two_way.order_of_deal(first)
    assert order is not None
    deal = await two_way.call("crm.deal.get", {"id": first})
    contact = ContactRead(int(deal["CONTACT_ID"]), "Пётр Сидоров", ["+79037776655"])
    async with two_way.factory() as session:
        master = await session.get(Employee, order.master_id)
        assert master is not None
        client = await _client(session, contact, master)
        assert client.id == order.client_id
        assert not session.new
