"""FSM on the real Redis: state is kept per user and chat, and survives a restart."""

from __future__ import annotations

import uuid

from aiogram.fsm.storage.base import StorageKey
from aiogram.fsm.storage.redis import RedisStorage

from bot.app import build_storage, fsm_key_builder
from tests.conftest import REDIS_URL, make_settings


async def test_dialog_state_survives_restart_and_is_per_user_and_chat():
    settings = make_settings(redis=__import__("bot.settings").settings.RedisSettings(url=REDIS_URL))
    bot_id = int(uuid.uuid4().int % 10**9)
    key = StorageKey(bot_id=bot_id, chat_id=10, user_id=20)
    other_chat = StorageKey(bot_id=bot_id, chat_id=11, user_id=20)

    storage = build_storage(settings)
    assert isinstance(storage, RedisStorage)
    await storage.set_state(key, "NewOrderSG:phone")
    await storage.set_data(key, {"phone": "+79161234567"})
    await storage.close()  # the bot stops

    restarted = build_storage(settings)
    try:
        assert await restarted.get_state(key) == "NewOrderSG:phone"
        assert await restarted.get_data(key) == {"phone": "+79161234567"}
        assert await restarted.get_state(other_chat) is None
        raw_key = fsm_key_builder().build(key, "state")
        assert raw_key.startswith(f"stobot:{bot_id}:10:20")
    finally:
        await restarted.set_state(key, None)
        await restarted.set_data(key, {})
        await restarted.close()


def _redis_storage() -> RedisStorage:
    from bot.settings import RedisSettings

    storage = build_storage(make_settings(redis=RedisSettings(url=REDIS_URL)))
    assert isinstance(storage, RedisStorage)
    return storage


async def test_state_and_data_come_with_the_lock_and_stay_true_within_the_update():
    """bot/runtime/fsm_redis.py: one round trip takes the lock and reads the state and data; reads
    later in the update see what the update wrote; nothing is served once the lock is gone."""
    storage = _redis_storage()
    isolation = storage.create_isolation()
    key = StorageKey(bot_id=int(uuid.uuid4().int % 10**9), chat_id=10, user_id=20)
    asked: list[str] = []
    plain_get = storage.redis.get

    async def get(name: str) -> object:
        asked.append(name)
        return await plain_get(name)

    try:
        await storage.set_state(key, "A:one")
        await storage.set_data(key, {"n": 1})
        storage.redis.get = get  # type: ignore[method-assign]
        async with isolation.lock(key):
            assert await storage.get_state(key) == "A:one"
            data = await storage.get_data(key)
            assert data == {"n": 1}
            data["n"] = 99  # a reader's own copy: not what the next reader gets
            assert await storage.get_data(key) == {"n": 1}
            await storage.set_state(key, "A:two")
            await storage.set_data(key, {"n": 2})
            assert await storage.get_state(key) == "A:two"
            assert await storage.get_data(key) == {"n": 2}
            await storage.set_data(key, {})
            assert await storage.get_data(key) == {}
            assert asked == []
        # Outside the lock every read goes to Redis, which holds what the update wrote.
        assert await storage.get_state(key) == "A:two" and await storage.get_data(key) == {}
        assert len(asked) == 2
    finally:
        await storage.set_state(key, None)
        await storage.close()


async def test_a_second_update_of_the_same_user_waits_and_sees_the_first_ones_writes():
    import asyncio

    storage = _redis_storage()
    isolation = storage.create_isolation()
    key = StorageKey(bot_id=int(uuid.uuid4().int % 10**9), chat_id=10, user_id=21)
    seen: list[str | None] = []

    async def first() -> None:
        async with isolation.lock(key):
            await asyncio.sleep(0.3)
            await storage.set_state(key, "B:after-first")

    async def second() -> None:
        await asyncio.sleep(0.05)
        async with isolation.lock(key):
            seen.append(await storage.get_state(key))

    try:
        await asyncio.gather(first(), second())
        assert seen == ["B:after-first"]
    finally:
        await storage.set_state(key, None)
        await storage.close()


async def test_a_lock_held_past_its_timeout_is_not_taken_from_its_new_holder():
    import asyncio

    storage = _redis_storage()
    slow = storage.create_isolation(lock_kwargs={"timeout": 0.2})
    key = StorageKey(bot_id=int(uuid.uuid4().int % 10**9), chat_id=10, user_id=22)
    lock_key = fsm_key_builder().build(key, "lock")
    try:
        async with slow.lock(key):
            await asyncio.sleep(0.3)  # expired meanwhile; another process takes it
            await storage.redis.set(lock_key, "someone-else", px=5000)
        assert await storage.redis.get(lock_key) == b"someone-else"
    finally:
        await storage.redis.delete(lock_key)
        await storage.close()


async def test_a_dialog_step_is_saved_before_it_is_shown(session_factory, translator, monkeypatch):
    """What a step changed goes to Redis before its first Telegram call, so the screen a
    person sees is always saved (in how many round trips: `python -m bench.statements`)."""
    import json
    from dataclasses import replace

    from redis.asyncio import Redis

    from bot.runtime.fsm_redis import DIALOG_STACK_DESTINY
    from services.staff.roles import Role
    from tests.conftest import REDIS_URL, add_employee
    from tests.telegram.test_update_dedupe import MASTER, _redis_process

    await add_employee(session_factory, MASTER.id, "Сергей", Role.MASTER)
    harness, storage = _redis_process(session_factory, translator)
    key = StorageKey(bot_id=harness.bot.id, chat_id=MASTER.id, user_id=MASTER.id)
    stack_key = replace(key, destiny=DIALOG_STACK_DESTINY)
    observer = Redis.from_url(REDIS_URL)
    at_send: list[object] = []
    plain_request = harness.session.make_request

    async def context_key() -> StorageKey:
        """aiogram-dialog keeps the open dialog's step and data in its context's key."""
        stack = json.loads(await observer.get(fsm_key_builder().build(stack_key, "data")))
        return replace(key, destiny=f"aiogd:context:{stack['intents'][-1]}")

    async def request(bot, method, **kwargs):  # type: ignore[no-untyped-def]
        at_send.append(await observer.get(fsm_key_builder().build(await context_key(), "data")))
        return await plain_request(bot, method, **kwargs)

    try:
        await harness.send(MASTER, "➕ Новый заказ")
        monkeypatch.setattr(harness.session, "make_request", request)
        await harness.send(MASTER, "+7 903 555 12 34")
        monkeypatch.undo()
        assert "Как зовут клиента?" in harness.last_text(MASTER)
        # as the new screen was sent, Redis already held its step
        assert json.loads(at_send[0])["state"] == "NewOrderSG:client_name"  # type: ignore[arg-type]
        assert b"+79035551234" in at_send[0]  # type: ignore[operator]
        kept = await storage.get_data(await context_key())
        assert kept["dialog_data"]["new_order"]["phone"] == "+79035551234"
        assert (await storage.get_data(stack_key))["last_message_id"]
    finally:
        await storage.set_data(await context_key(), {})
        await storage.set_data(stack_key, {})
        await observer.aclose()
        await storage.close()


async def test_a_task_started_in_the_update_writes_at_once():
    """It may outlive the lock, and then no release would make its writes: it writes itself."""
    import asyncio

    storage = _redis_storage()
    isolation = storage.create_isolation()
    key = StorageKey(bot_id=int(uuid.uuid4().int % 10**9), chat_id=10, user_id=23)
    state_key = fsm_key_builder().build(key, "state")
    data_key = fsm_key_builder().build(key, "data")
    try:
        async with isolation.lock(key):
            await storage.set_state(key, "C:deferred")
            assert await storage.redis.get(state_key) is None  # waits for the release
            await asyncio.create_task(storage.set_data(key, {"from": "a task"}))
            assert await storage.redis.get(data_key) == b'{"from": "a task"}'
        assert await storage.redis.get(state_key) == b"C:deferred"
        assert await storage.get_data(key) == {"from": "a task"}
    finally:
        await storage.set_state(key, None)
        await storage.set_data(key, {})
        await storage.close()


async def test_a_corrupt_dialog_stack_is_read_as_none_and_both_updates_are_answered(
    session_factory, translator
):
    """A dialog stack Redis holds that is no JSON (a bad write, a hand edit) is read as no
    stack: the lock's script used to fail after taking the lock, which nobody then released,
    so the person's next update waited the lock's 60 s out and met the same failure."""
    import asyncio
    from dataclasses import replace

    from bot.runtime.fsm_redis import DIALOG_STACK_DESTINY
    from services.staff.roles import Role
    from tests.conftest import add_employee
    from tests.telegram.test_update_dedupe import MASTER, _redis_process, _start

    await add_employee(session_factory, MASTER.id, "Сергей", Role.MASTER)
    token = f"{uuid.uuid4().int % 10**9}:AAH-test-token-abcdefghijklmnopqrstu"
    harness, storage = _redis_process(session_factory, translator, token)
    key = StorageKey(bot_id=harness.bot.id, chat_id=MASTER.id, user_id=MASTER.id)
    stack_key = fsm_key_builder().build(replace(key, destiny=DIALOG_STACK_DESTINY), "data")
    lock_key = fsm_key_builder().build(key, "lock")
    ids = harness._update_ids
    try:
        await storage.redis.set(stack_key, b'{"intents": ["no end')
        # Both at once: the second waits for the first to release the lock. Bounded: a lock
        # left behind would keep the second polling for 60 s.
        both = asyncio.gather(harness.feed(_start(next(ids))), harness.feed(_start(next(ids))))
        await asyncio.wait_for(both, timeout=10)
        greeting = "Здравствуйте, Сергей! Ваши роли: мастер-приёмщик. Меню — внизу экрана."
        assert [(c.chat_id, c.text) for c in harness.session.calls] == [(MASTER.id, greeting)] * 2
        assert await storage.redis.get(lock_key) is None
    finally:
        await storage.redis.delete(lock_key, stack_key)
        await storage.close()


async def test_a_lock_script_failing_after_taking_the_lock_lets_it_go():
    """Redis keeps what a failed script wrote: the lock it took is released, not left for 60 s."""
    import pytest
    from redis.exceptions import ResponseError

    storage = _redis_storage()
    isolation = storage.create_isolation()
    key = StorageKey(bot_id=int(uuid.uuid4().int % 10**9), chat_id=10, user_id=24)
    lock_key = fsm_key_builder().build(key, "lock")
    isolation._acquire = storage.redis.register_script(  # type: ignore[attr-defined]
        "redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) error('broken')"
    )
    try:
        with pytest.raises(ResponseError):
            async with isolation.lock(key):
                pass
        assert await storage.redis.get(lock_key) is None
    finally:
        await storage.redis.delete(lock_key)
        await storage.close()
