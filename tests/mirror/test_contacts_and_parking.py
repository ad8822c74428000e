"""A client the portal already has is linked, not doubled; a new phone is appended; what the
portal refuses for good is parked with its reason."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from services.clients import ClientService
from services.crm.mirror.queue import retry_parked
from services.storage.models import Client, OutboxMessage
from services.storage.unit_of_work import commit
from tests.mirror.portal import drain, set_up


async def test_existing_contact_is_linked_and_a_new_phone_appended(fake_portal, outbox_factory):
    await set_up(fake_portal, outbox_factory)
    existing = fake_portal.state.contacts.create(
        {"NAME": "Иван", "PHONE": [{"VALUE": "+79161234567", "VALUE_TYPE": "WORK"}]}, emit=False
    )
    async with outbox_factory() as session:
        client = await ClientService(session).create("Иван Петров", "+79161234567")
        await commit(session)
    await drain(fake_portal, outbox_factory)
    async with outbox_factory() as session:
        assert (await session.get(Client, client.id)).bitrix_contact_id == existing
        await ClientService(session).add_phone(client.id, "+79035550000", retire_old=True)
        await commit(session)
    await drain(fake_portal, outbox_factory)
    [contact] = fake_portal.state.contacts.render_all()
    assert [p["VALUE"] for p in contact["PHONE"]] == ["+79161234567", "+79035550000"]
    assert contact["NAME"] == "Иван"  # the shop's own spelling stays


async def test_a_refusal_is_parked_with_its_reason(fake_portal, outbox_factory):
    await set_up(fake_portal, outbox_factory)
    async with outbox_factory() as session:
        client = await ClientService(session).create("Иван Петров", "+79161234567")
        await commit(session)
    await drain(fake_portal, outbox_factory)
    async with outbox_factory() as session:
        contact_id = (await session.get(Client, client.id)).bitrix_contact_id
    fake_portal.state.contacts.remove(contact_id, emit=False)  # deleted by hand in the portal
    async with outbox_factory() as session:
        await ClientService(session).rename(client.id, "Иван Сидоров")
        await commit(session)
    await drain(fake_portal, outbox_factory)
    async with outbox_factory() as session:
        parked = (
            await session.scalars(select(OutboxMessage).where(OutboxMessage.status == "parked"))
        ).all()
    assert [(m.kind, m.entity_id) for m in parked] == [("contact.sync", client.id)]
    assert parked[0].last_error.startswith("Bitrix24 refused: crm.contact.get")
    assert "Not found" in parked[0].last_error


async def test_what_waits_for_a_parked_sync_is_parked_too(fake_portal, outbox_factory, monkeypatch):
    from services.clients import CarService
    from services.crm.mirror import relay as relay_module
    from services.crm.mirror.context import Refused

    async def refuse(cx, client):  # type: ignore[no-untyped-def]
        raise Refused("the portal will not take this client")

    monkeypatch.setattr(relay_module, "sync_contact", refuse)
    await set_up(fake_portal, outbox_factory)
    async with outbox_factory() as session:
        client = await ClientService(session).create("Иван Петров", "+79161234567")
        await commit(session)
    await drain(fake_portal, outbox_factory)
    async with outbox_factory() as session:
        await CarService(session).create(
            vin="WBAKS410500A12345", plate=None, owner_client_id=client.id
        )
        await commit(session)
    for _ in range(3):
        await drain(fake_portal, outbox_factory)
    async with outbox_factory() as session:
        rows = (await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))).all()
    assert [(m.kind, m.status) for m in rows] == [
        ("contact.sync", "parked"),
        ("car.sync", "parked"),
    ]
    assert rows[1].last_error == f"waits for client {client.id}, whose sync is parked: retry both"
    async with outbox_factory() as session:
        # Retrying the contact brings back the car that waits for it.
        assert await retry_parked(session, datetime.now(UTC), rows[0].id) == 2
        await session.commit()
    monkeypatch.undo()
    await drain(fake_portal, outbox_factory)
    async with outbox_factory() as session:
        statuses = (await session.scalars(select(OutboxMessage.status))).all()
    assert set(statuses) == {"done"}
    assert len(fake_portal.state.contacts.rows) == 1
