"""The employee kept between updates: no query while nothing changed, a fresh read after any
staff change (here, in another process through Redis, or behind the ORM after the TTL). The
same for the whole staff's roster that notifying steps use."""

from __future__ import annotations

import uuid

import pytest
from redis.asyncio import Redis
from sqlalchemy import select, text

from services.orders.tasks import role_holders
from services.staff import changes as staff_changes
from services.staff.directory import (
    LocalGeneration,
    RedisGeneration,
    StaffDirectory,
    roster_of,
)
from services.staff.roles import Role
from services.staff.roster import StaffMember
from services.staff.service import StaffService
from services.storage.models import Employee
from tests.conftest import REDIS_URL, add_employee


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_kept_until_staff_changes(session_factory):
    """What keeping saves in statements: `python -m bench.statements`."""
    await add_employee(session_factory, 501, "Мастер", Role.MASTER)
    directory = StaffDirectory(LocalGeneration())
    async with session_factory() as session:
        first = await directory.by_telegram_id(session, 501)
    assert first is not None and first.role_names == {"master"}
    async with session_factory() as session:
        again = await directory.by_telegram_id(session, 501)
        assert again is not None and again in session  # a copy of its own in this session
        assert again.role_names == {"master"} and again.full_name == "Мастер"
        assert await directory.by_telegram_id(session, 999) is None  # a stranger, looked up
    async with session_factory() as session:
        assert await directory.by_telegram_id(session, 999) is None
        assert (await directory.by_telegram_id(session, 501)) is not None

    # A staff use case's commit (here: a role added) is seen by the next update.
    async with session_factory() as session:
        await StaffService(session).add(501, "Мастер", [Role.MASTER, Role.HEAD])
    async with session_factory() as session:
        changed = await directory.by_telegram_id(session, 501)
    assert changed is not None and changed.role_names == {"master", "head"}


async def test_deactivation_is_seen_at_once(session_factory):
    await add_employee(session_factory, 502, "Кладовщик", Role.STOREKEEPER)
    director = await add_employee(session_factory, 503, "Директор", Role.DIRECTOR)
    directory = StaffDirectory(LocalGeneration())
    async with session_factory() as session:
        assert (await directory.by_telegram_id(session, 502)).is_active  # type: ignore[union-attr]
    async with session_factory() as session:
        await StaffService(session).deactivate(502, actor=director)
    async with session_factory() as session:
        gone = await directory.by_telegram_id(session, 502)
    assert gone is not None and not gone.is_active


async def test_kept_copy_works_with_the_session(session_factory):
    """The merged copy behaves as a loaded one: it can be referenced by new rows and loaded
    again by a query in the same session without a conflict."""
    await add_employee(session_factory, 504, "Мастер", Role.MASTER)
    directory = StaffDirectory(LocalGeneration())
    async with session_factory() as session:
        await directory.by_telegram_id(session, 504)
    async with session_factory() as session:
        kept = await directory.by_telegram_id(session, 504)
        assert kept is not None
        same = await session.get(Employee, kept.id)
        assert same is kept
        assert not session.dirty and not session.new
        await session.commit()  # nothing changed: no staff generation bump
    assert directory.generation.value == 0  # type: ignore[attr-defined]


async def test_change_behind_the_orm_is_seen_after_the_ttl(session_factory):
    await add_employee(session_factory, 505, "Мастер", Role.MASTER)
    clock = Clock()
    directory = StaffDirectory(LocalGeneration(), ttl_s=30, clock=clock)
    async with session_factory() as session:
        await directory.by_telegram_id(session, 505)
    async with session_factory() as session:
        await session.execute(
            text("UPDATE employees SET full_name = 'Новое' WHERE telegram_id = 505")
        )
        await session.commit()
    async with session_factory() as session:
        assert (await directory.by_telegram_id(session, 505)).full_name == "Мастер"  # type: ignore[union-attr]
    clock.now += 31
    async with session_factory() as session:
        assert (await directory.by_telegram_id(session, 505)).full_name == "Новое"  # type: ignore[union-attr]


@pytest.fixture
async def redis():  # type: ignore[no-untyped-def]
    client = Redis.from_url(REDIS_URL)
    yield client
    await client.aclose()


async def test_another_process_change_is_seen_through_redis(session_factory, redis):
    """Two bot processes: each has its own directory on the same Redis counter."""
    key = f"stobot-test:staff:{uuid.uuid4().hex}"
    ours = StaffDirectory(RedisGeneration(redis, key))
    theirs = StaffDirectory(RedisGeneration(redis, key))
    employee = await add_employee(session_factory, 506, "Снабженец", Role.SUPPLIER)
    async with session_factory() as session:
        await ours.by_telegram_id(session, 506)
    # "Their" process changes the employee: simulate its commit hook bumping only its own
    # generation and the shared counter (ours must not learn of it any other way).
    async with session_factory() as session:
        await session.execute(
            text("UPDATE employees SET is_active = false WHERE id = :id"), {"id": employee.id}
        )
        await session.commit()
    theirs.generation.bump()
    for task in list(theirs.generation._pending):  # type: ignore[attr-defined]
        await task
    async with session_factory() as session:
        seen = await ours.by_telegram_id(session, 506)
    assert seen is not None and not seen.is_active
    await redis.delete(key)


async def test_redis_away_means_no_keeping(session_factory):
    await add_employee(session_factory, 507, "Мастер", Role.MASTER)
    dead = Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.2)
    directory = StaffDirectory(RedisGeneration(dead, "k"))
    async with session_factory() as session:
        assert await directory.by_telegram_id(session, 507) is not None
    assert not directory._entries  # nothing kept without a generation to check it against
    await dead.aclose()


async def test_an_orm_commit_here_bumps_the_shared_counter(session_factory, redis):
    """The staff use case tells the directory after its commit; the Redis INCR is scheduled."""
    key = f"stobot-test:staff:{uuid.uuid4().hex}"
    directory = StaffDirectory(RedisGeneration(redis, key))
    await add_employee(session_factory, 508, "Мастер", Role.MASTER)
    for task in list(directory.generation._pending):  # type: ignore[attr-defined]
        await task
    assert int(await redis.get(key) or 0) == 1
    await redis.delete(key)


# --- the roster: who holds a role, and who a notice's people are ------------------------------


async def test_role_holders_and_people_come_from_the_roster(session_factory):
    """Who holds a role and a notice's people, from the roster this process keeps (what it
    saves in statements: `python -m bench.statements`)."""
    first = await add_employee(session_factory, 511, "Снабженец 1", Role.SUPPLIER)
    second = await add_employee(session_factory, 512, "Снабженец 2", Role.SUPPLIER, locale="en")
    await add_employee(session_factory, 513, "Мастер", Role.MASTER, Role.HEAD)
    directory = StaffDirectory(LocalGeneration())
    async with session_factory() as session:
        await directory.by_telegram_id(session, 513)
        assert await role_holders(session, Role.SUPPLIER) == [first.id, second.id]
    async with session_factory() as session:
        await directory.by_telegram_id(session, 513)
        assert await role_holders(session, Role.HEAD) == [(await _id(session, 513))]
        roster = await roster_of(session)
        assert roster is not None
        assert roster.people({second.id}) == {
            second.id: StaffMember(second.id, 512, "en", True, "Снабженец 2")
        }
        assert roster.people({second.id, 99_999}) is None  # unknown here: read it


async def _id(session, telegram_id: int) -> int:  # type: ignore[no-untyped-def]
    return await session.scalar(select(Employee.id).where(Employee.telegram_id == telegram_id))


async def test_the_roster_sees_a_staff_change_at_once(session_factory):
    supplier = await add_employee(session_factory, 514, "Снабженец", Role.SUPPLIER)
    director = await add_employee(session_factory, 515, "Директор", Role.DIRECTOR)
    directory = StaffDirectory(LocalGeneration())
    async with session_factory() as session:
        await directory.by_telegram_id(session, 515)
        assert await role_holders(session, Role.SUPPLIER) == [supplier.id]
    async with session_factory() as session:
        await StaffService(session).deactivate(514, actor=director)
    newcomer = await add_employee(session_factory, 516, "Новый снабженец", Role.SUPPLIER)
    async with session_factory() as session:
        await directory.by_telegram_id(session, 515)
        assert await role_holders(session, Role.SUPPLIER) == [newcomer.id]
        roster = await roster_of(session)
        assert roster is not None and not roster.members[supplier.id].is_active


async def test_a_session_that_changed_staff_reads_for_itself(session_factory):
    """Its change is not committed, so only its own reads know it: no roster then. A staff
    change says so (`staff_changes.changing`, as the staff use cases do); one not flushed
    yet is seen in the session anyway."""
    await add_employee(session_factory, 517, "Снабженец", Role.SUPPLIER)
    await add_employee(session_factory, 518, "Директор", Role.DIRECTOR)
    directory = StaffDirectory(LocalGeneration())
    async with session_factory() as session:
        await directory.by_telegram_id(session, 518)
        await role_holders(session, Role.SUPPLIER)  # the roster is kept
    async with session_factory() as session:
        await directory.by_telegram_id(session, 518)
        leaving = await session.scalar(select(Employee).where(Employee.telegram_id == 517))
        assert leaving is not None
        leaving.is_active = False
        assert await roster_of(session) is None  # pending
        staff_changes.changing(session)
        await session.flush()
        assert await roster_of(session) is None  # flushed, not committed
        assert await role_holders(session, Role.SUPPLIER) == []
        await session.rollback()


async def test_without_a_checked_generation_there_is_no_roster(session_factory):
    """The sender, scheduled jobs and the CLI have no directory: they read."""
    supplier = await add_employee(session_factory, 519, "Снабженец", Role.SUPPLIER)
    async with session_factory() as session:
        assert await roster_of(session) is None
        assert await role_holders(session, Role.SUPPLIER) == [supplier.id]
