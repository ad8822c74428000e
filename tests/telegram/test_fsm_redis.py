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
