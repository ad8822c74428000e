import asyncio

import pytest
from sqlalchemy import func, select

from services.clients import ClientService, has_current_phone
from services.errors import DomainError, NotFound
from services.storage.models import AuditEvent, ClientPhone
from services.storage.unit_of_work import commit

OLD = "+79161234567"
NEW = "+79267654321"


async def test_create_and_find_by_phone(session, clock):
    clients = ClientService(session, clock)
    created = await clients.create("  Иван  Петров ", OLD)
    found = await clients.find_by_phone(OLD)
    assert found is not None and found.id == created.id
    assert found.full_name == "Иван Петров"
    assert found.current_phone == OLD
    assert await clients.find_by_phone(NEW) is None
    nameless = await clients.create(None, NEW)
    assert nameless.full_name is None


async def test_get_missing_client(session):
    with pytest.raises(NotFound) as missing:
        await ClientService(session).get(999)
    assert missing.value.key == "client-error-not-found"


async def test_create_refuses_a_number_in_use(session, clock):
    clients = ClientService(session, clock)
    ivan = await clients.create("Иван", OLD)
    await commit(session)
    with pytest.raises(DomainError) as taken:
        await clients.create("Пётр", OLD)
    assert taken.value.key == "client-error-phone-taken"
    assert taken.value.params["client_id"] == ivan.id


async def test_two_masters_giving_one_new_number_at_once_make_one_client(session_factory, clock):
    """Both looked the number up before either saved: the database has the last word."""
    async with session_factory() as first, session_factory() as second:
        ivan = await ClientService(first, clock).create("Иван", OLD)
        # The second save starts while the first is written but not committed.
        racing = asyncio.create_task(ClientService(second, clock).create("Пётр", OLD))
        await asyncio.sleep(0.3)
        await first.commit()
        with pytest.raises(DomainError) as taken:
            await racing
        assert taken.value.key == "client-error-phone-taken"
        assert taken.value.params == {"client_id": ivan.id, "name": "Иван"}
    async with session_factory() as check:
        holders = await check.scalar(
            select(func.count())
            .select_from(ClientPhone)
            .where(ClientPhone.phone == OLD, ClientPhone.retired_at.is_(None))
        )
        found = await ClientService(check, clock).find_by_phone(OLD)
    assert holders == 1
    assert found is not None and found.full_name == "Иван"


async def test_a_number_taken_while_it_was_being_added_is_refused(session_factory, clock):
    async with session_factory() as first, session_factory() as second:
        petr_id = (await ClientService(second, clock).create("Пётр", NEW)).id
        await commit(second)
        ivan = await ClientService(first, clock).create("Иван", OLD)
        racing = asyncio.create_task(ClientService(second, clock).add_phone(petr_id, OLD))
        await asyncio.sleep(0.3)
        await first.commit()
        with pytest.raises(DomainError) as taken:
            await racing
        assert taken.value.params == {"client_id": ivan.id, "name": "Иван"}
    async with session_factory() as check:
        history = await ClientService(check, clock).phone_history(petr_id)
    assert [p.phone for p in history] == [NEW]


async def test_new_phone_keeps_history(session, clock):
    clients = ClientService(session, clock)
    client = await clients.create("Иван", OLD)
    clock.tick()
    await clients.add_phone(client.id, NEW, retire_old=True)
    history = await clients.phone_history(client.id)
    assert [p.phone for p in history] == [OLD, NEW]
    assert history[0].retired_at == clock.now and history[1].retired_at is None
    assert client.current_phone == NEW
    # The old number still finds the client, through the history.
    by_old = await clients.find_by_phone(OLD)
    assert by_old is not None and by_old.id == client.id
    assert not has_current_phone(by_old, OLD) and has_current_phone(by_old, NEW)


async def test_second_number_without_retiring(session, clock):
    clients = ClientService(session, clock)
    client = await clients.create("Иван", OLD)
    clock.tick()
    await clients.add_phone(client.id, NEW)
    history = await clients.phone_history(client.id)
    assert [(p.phone, p.retired_at) for p in history] == [(OLD, None), (NEW, None)]
    assert client.current_phone == NEW


async def test_adding_own_number_again_is_a_no_op(session, clock):
    clients = ClientService(session, clock)
    client = await clients.create("Иван", OLD)
    await clients.add_phone(client.id, OLD, retire_old=True)
    history = await clients.phone_history(client.id)
    assert [(p.phone, p.retired_at) for p in history] == [(OLD, None)]


async def test_another_clients_number_is_refused_not_moved(session, clock):
    clients = ClientService(session, clock)
    ivan = await clients.create("Иван", OLD)
    petr = await clients.create("Пётр", NEW)
    with pytest.raises(DomainError) as taken:
        await clients.add_phone(petr.id, OLD)
    assert taken.value.key == "client-error-phone-taken"
    assert taken.value.params == {"client_id": ivan.id, "name": "Иван"}
    owner = await clients.find_by_phone(OLD)
    assert owner is not None and owner.id == ivan.id
    assert [p.phone for p in await clients.phone_history(petr.id)] == [NEW]


async def test_a_retired_number_may_go_to_someone_else(session, clock):
    clients = ClientService(session, clock)
    ivan = await clients.create("Иван", OLD)
    clock.tick()
    await clients.add_phone(ivan.id, NEW, retire_old=True)
    clock.tick()
    anna = await clients.create("Анна", OLD)
    # The current holder of a number comes before whoever had it before.
    found = await clients.find_by_phone(OLD)
    assert found is not None and found.id == anna.id
    assert [p.phone for p in await clients.phone_history(ivan.id)] == [OLD, NEW]


async def test_rename(session, clock):
    clients = ClientService(session, clock)
    client = await clients.create(None, OLD)
    await clients.rename(client.id, " Иван  Петров ")
    assert (await clients.get(client.id)).full_name == "Иван Петров"
    with pytest.raises(DomainError) as empty:
        await clients.rename(client.id, "   ")
    assert empty.value.key == "client-error-name-empty"


async def test_audit_keeps_no_full_phone(session, clock):
    clients = ClientService(session, clock)
    client = await clients.create("Иван", OLD)
    await clients.add_phone(client.id, NEW, retire_old=True)
    await clients.rename(client.id, "Иван Петров")
    await commit(session)
    events = (await session.scalars(select(AuditEvent).order_by(AuditEvent.id))).all()
    assert [e.action for e in events] == ["client.created", "client.phone_added", "client.renamed"]
    assert all(e.entity_id == str(client.id) for e in events)
    assert events[1].details == {"phone_tail": "4321", "retired_tails": ["4567"]}
    assert not any(OLD in str(e.details) or NEW in str(e.details) for e in events)


async def test_lookups_do_not_commit(session_factory, clock):
    async with session_factory() as session:
        clients = ClientService(session, clock)
        client = await clients.create("Иван", OLD)
        await commit(session)
        client_id = client.id
        client.full_name = "changed in memory only"
        await clients.find_by_phone(OLD)
        await clients.phone_history(client_id)
        await session.rollback()
    async with session_factory() as other:
        fresh = await ClientService(other).get(client_id)
        assert fresh.full_name == "Иван"
