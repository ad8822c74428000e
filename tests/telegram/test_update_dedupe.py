"""Telegram's redelivery of an update is processed once, by one of several processes."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from aiogram.filters import Command
from aiogram.fsm.storage.base import BaseStorage, StorageKey
from aiogram.types import Message, Update
from redis.asyncio import Redis

from bot.app import build_bot, build_dispatcher, build_storage, fsm_key_builder
from bot.middlewares.dedupe import MemorySeenUpdates, RedisSeenUpdates
from bot.settings import BotSettings, RedisSettings
from bot.testing.fake_telegram import BotHarness, FakeTelegramSession, TelegramUser
from services.staff.roles import Role
from tests.conftest import REDIS_URL, TEST_TOKEN, add_employee, make_settings

MASTER = TelegramUser(1003, "Сергей")


def _start(update_id: int) -> Update:
    message = Message(
        message_id=update_id % 100_000,
        date=datetime.now(UTC),
        chat=MASTER.chat,
        from_user=MASTER.user,
        text="/start",
    )
    return Update(update_id=update_id, message=message)


def _redis_process(  # type: ignore[no-untyped-def]
    session_factory, translator, token: str = TEST_TOKEN
) -> tuple[BotHarness, BaseStorage]:
    """One bot process as `stobot run` wires it on the shared Redis (a bot of its own with
    another `token`)."""
    bot = BotSettings(token=token, username="sto_shop_bot")
    settings = make_settings(redis=RedisSettings(url=REDIS_URL), bot=bot)
    storage = build_storage(settings)
    fake = FakeTelegramSession()
    dp = build_dispatcher(settings, storage, session_factory, translator)
    return BotHarness(dp, build_bot(settings, session=fake), fake), storage


async def test_same_update_twice_is_answered_once(harness: BotHarness, session_factory) -> None:
    await add_employee(session_factory, MASTER.id, "Сергей", Role.MASTER)
    update = _start(next(harness._update_ids))
    assert len(await harness.feed(update)) == 1
    assert await harness.feed(update) == []  # Telegram's resend: nothing happens twice
    assert len(await harness.feed(_start(next(harness._update_ids)))) == 1


async def test_two_processes_on_one_redis_answer_a_resend_once(session_factory, translator) -> None:
    await add_employee(session_factory, MASTER.id, "Сергей", Role.MASTER)
    processes = [_redis_process(session_factory, translator) for _ in range(2)]
    try:
        first, second = (h for h, _ in processes)
        update = _start(next(first._update_ids))
        answered = len(await first.feed(update)) + len(await second.feed(update))
        assert answered == 1
    finally:
        for _, storage in processes:
            await storage.close()


async def test_an_update_that_failed_is_processed_again(harness: BotHarness, session_factory):
    await add_employee(session_factory, MASTER.id, "Сергей", Role.MASTER)
    calls = []

    # The dispatcher's own handlers are tried before every router.
    @harness.dispatcher.message(Command("flaky"))
    async def once_broken(message: Message) -> None:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("database went away")
        await message.answer("ok")

    update = _start(next(harness._update_ids))
    update = update.model_copy(
        update={"message": update.message.model_copy(update={"text": "/flaky"})}
    )
    await harness.feed(update)  # answered with an apology; the claim is released
    await harness.feed(update)
    assert len(calls) == 2 and harness.last_text(MASTER) == "ok"


@pytest.mark.parametrize("backend", ["memory", "redis"])
async def test_claims(backend: str) -> None:
    redis = Redis.from_url(REDIS_URL)
    seen = MemorySeenUpdates(size=3) if backend == "memory" else RedisSeenUpdates(redis, "t-dedupe")
    uid = int(datetime.now(UTC).timestamp() * 1000)
    try:
        assert await seen.claim(7, uid)
        assert not await seen.claim(7, uid)
        assert await seen.claim(8, uid)  # another bot
        await seen.release(7, uid)
        assert await seen.claim(7, uid)
        await seen.done(7, uid)
        assert not await seen.claim(7, uid)
        if backend == "redis":
            assert 0 < await redis.ttl(f"t-dedupe:update:7:{uid}") <= 24 * 3600
    finally:
        await redis.delete(f"t-dedupe:update:7:{uid}", f"t-dedupe:update:8:{uid}")
        await redis.aclose()


async def test_a_resend_waits_for_a_dead_process_claim_and_is_processed(
    session_factory, translator
) -> None:
    """Process A claimed the update and was killed: the resend to B is not answered as a
    duplicate while the work is undone; once A's claim is gone, B processes it."""
    await add_employee(session_factory, MASTER.id, "Сергей", Role.MASTER)
    harness, storage = _redis_process(session_factory, translator)
    seen = RedisSeenUpdates(storage.redis)  # type: ignore[attr-defined]
    update = _start(next(harness._update_ids))
    try:
        assert await seen.claim(harness.bot.id, update.update_id)  # A, then SIGKILL
        resend = asyncio.create_task(harness.feed(update))
        await asyncio.sleep(0.5)
        assert not resend.done()  # waiting, not answered as a duplicate
        await seen.release(harness.bot.id, update.update_id)  # A's claim expires
        assert len(await asyncio.wait_for(resend, 5)) == 1
        assert await seen.is_done(harness.bot.id, update.update_id) is True
        assert await harness.feed(update) == []
    finally:
        await storage.close()


async def test_staff_generation_rides_with_the_claim(session_factory, translator) -> None:
    """Employees are kept in memory (services/staff/directory.py); the shared staff
    generation is read in the claim's round trip, and a bump by another process is seen by
    the very next update."""
    from sqlalchemy import text

    from services.staff.directory import generation_key

    await add_employee(session_factory, MASTER.id, "Сергей", Role.MASTER)
    # A bot of its own, so its generation counter is its own: the directories of earlier
    # tests' processes, not collected yet, bump theirs on this test's staff commit (on the
    # shared key that was a bump landing between the two updates below).
    bot, storage = _redis_process(
        session_factory, translator, token="987650001:AAH-own-generation-abcdefghijklmno"
    )
    key = generation_key(bot.bot.id)
    refused = translator.get("ru")("start-unknown")
    asked: list[str] = []
    plain_get = storage.redis.get  # type: ignore[attr-defined]

    async def get(name: str) -> object:
        asked.append(name)
        return await plain_get(name)

    storage.redis.get = get  # type: ignore[attr-defined]
    try:
        await bot.feed(_start(next(bot._update_ids)))
        assert key not in asked  # read with the claim, no GET of its own
        assert asked == []  # the state and data came with the lock
        async with session_factory() as session:  # behind the ORM: not announced
            await session.execute(
                text("UPDATE employees SET is_active = false WHERE telegram_id = :t"),
                {"t": MASTER.id},
            )
            await session.commit()
        await bot.feed(_start(next(bot._update_ids)))
        assert bot.last_text(MASTER) != refused  # still the kept employee (up to 30 s)
        other_process = Redis.from_url(REDIS_URL)
        await other_process.incr(key)  # another process announces a staff change
        await other_process.aclose()
        await bot.feed(_start(next(bot._update_ids)))
        assert bot.last_text(MASTER) == refused
    finally:
        await storage.close()


async def test_the_done_mark_rides_with_the_lock_release(session_factory, translator) -> None:
    """The update id's "done" is written in the round trip that releases the user's FSM
    lock, not in one of its own; a resend still finds it done."""
    await add_employee(session_factory, MASTER.id, "Сергей", Role.MASTER)
    bot, storage = _redis_process(session_factory, translator)
    redis: Redis = storage.redis  # type: ignore[attr-defined]
    own_sets: list[str] = []
    plain_set = redis.set

    async def set_(name: str, *args: object, **kwargs: object) -> object:
        own_sets.append(name)
        return await plain_set(name, *args, **kwargs)  # type: ignore[arg-type]

    redis.set = set_  # type: ignore[method-assign]
    try:
        update = _start(next(bot._update_ids))
        assert len(await bot.feed(update)) == 1
        seen = RedisSeenUpdates(redis)
        assert await seen.is_done(bot.bot.id, update.update_id) is True
        assert not [name for name in own_sets if ":update:" in name]
        assert await redis.ttl(seen._key(bot.bot.id, update.update_id)) > 3600  # kept a day
        lock = fsm_key_builder().build(StorageKey(bot.bot.id, MASTER.id, MASTER.id), "lock")
        assert await redis.exists(lock) == 0  # and the lock released
        assert await bot.feed(update) == []
    finally:
        await storage.close()


async def test_the_claim_rides_with_the_lock(session_factory, translator, monkeypatch) -> None:
    """An update's claim is made by the script that takes the user's lock: an update outside
    any dialog is two round trips to Redis (take, release), not five; a resend is dropped."""
    from redis.asyncio.connection import AbstractConnection

    await add_employee(session_factory, MASTER.id, "Сергей", Role.MASTER)
    bot, storage = _redis_process(session_factory, translator)
    sent: list[object] = []
    plain_send = AbstractConnection.send_packed_command

    async def send(self: AbstractConnection, command: object, check_health: bool = True) -> None:
        sent.append(command)
        await plain_send(self, command, check_health)

    try:
        await bot.feed(_start(next(bot._update_ids)))  # scripts loaded, connections made
        monkeypatch.setattr(AbstractConnection, "send_packed_command", send)
        update = _start(next(bot._update_ids))
        assert len(await bot.feed(update)) == 1
        # the lock taken with the claim; /start's clearing of an empty state costs nothing;
        # the done mark written as the lock is released
        assert [_command(c) for c in sent] == ["EVALSHA", "EVALSHA"]
        seen = RedisSeenUpdates(storage.redis)  # type: ignore[attr-defined]
        assert await seen.is_done(bot.bot.id, update.update_id) is True
        assert await bot.feed(update) == []
    finally:
        await storage.close()


def _command(packed: object) -> str:
    first = packed[0] if isinstance(packed, list) else packed
    return bytes(first).split(b"\r\n")[2].decode()  # type: ignore[arg-type]
