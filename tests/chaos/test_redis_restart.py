"""Redis restarted in the middle of a dialog.

With Redis storage (append-only, fsync always, as in production) the master's new order goes on
from the step it was at; while Redis is down every update gets a polite, localised "try again"
instead of a crash or silence. With memory storage a restart of the bot loses the dialog, and
the person is told so when they tap one of its buttons (see also tests/dialogs/test_restart.py
for Redis storage across a bot restart).
"""

from __future__ import annotations

import uuid

from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.fsm.storage.redis import RedisStorage
from aiogram.methods import AnswerCallbackQuery, SendMessage
from sqlalchemy import func, select

from bot.app import build_bot, build_dispatcher, build_storage
from bot.settings import BotSettings, RedisSettings
from bot.testing.fake_telegram import BotHarness, FakeTelegramSession, TelegramUser
from services.storage.models import Order
from tests.chaos.redis_server import RedisServer
from tests.conftest import make_settings
from tests.dialogs.conftest import MASTER

NEW_ORDER = "➕ Новый заказ"
ENGLISH_MASTER = TelegramUser(MASTER.id, "Sergey", language_code="en")


def _harness(storage, session_factory, translator) -> BotHarness:  # type: ignore[no-untyped-def]
    settings = make_settings(
        bot=BotSettings(
            token=f"{uuid.uuid4().int % 10**9}:AAH-test-token-abcdefghijklmnopqrstu",
            username="sto_shop_bot",
        )
    )
    fake = FakeTelegramSession()
    dp = build_dispatcher(settings, storage, session_factory, translator)
    return BotHarness(dp, build_bot(settings, session=fake), fake)


async def _orders(session_factory) -> int:  # type: ignore[no-untyped-def]
    async with session_factory() as session:
        return int(await session.scalar(select(func.count()).select_from(Order)) or 0)


async def test_dialog_continues_after_redis_restart_and_outage_says_try_again(
    private_redis: RedisServer, shop, session_factory, translator
):
    storage = build_storage(make_settings(redis=RedisSettings(url=private_redis.url)))
    assert isinstance(storage, RedisStorage)
    bot = _harness(storage, session_factory, translator)
    try:
        await bot.send(MASTER, NEW_ORDER)
        await bot.send(MASTER, "8 (916) 123-45-67")
        await bot.tap_button(MASTER, "BMW X5 · А123ВС77")
        assert "шаг 4 из 7" in bot.screen(MASTER)

        await private_redis.restart()
        await bot.send(MASTER, "стук спереди справа")
        assert "шаг 5 из 7" in bot.screen(MASTER), bot.screen(MASTER)

        await private_redis.stop()
        calls = await bot.send(MASTER, "Колодки передние 2")
        [apology] = [c for c in calls if isinstance(c, SendMessage)]
        assert "Попробуйте ещё раз" in apology.text
        # A tap gets the same, as an alert on the button; an English Telegram gets English.
        calls = await bot.tap(ENGLISH_MASTER, "nav:back")
        [answer] = [c for c in calls if isinstance(c, AnswerCallbackQuery)]
        assert answer.show_alert and "try again" in (answer.text or "")

        await private_redis.start()
        assert "шаг 5 из 7" in bot.screen(MASTER, last=2)
        await bot.send(MASTER, "Колодки передние 2")
        assert "Запчасти (1):" in bot.screen(MASTER)
        await bot.tap_button(MASTER, "Готово")
        await bot.tap_button(MASTER, "Пропустить")
        screen = bot.screen(MASTER)
        assert "Иван Петров" in screen and "📝 стук спереди справа" in screen, screen
        await bot.tap_button(MASTER, "Сохранить")
        assert await _orders(session_factory) == 1
        assert "создан" in bot.last_text(MASTER)
    finally:
        await storage.close()


async def test_memory_storage_restart_tells_the_dialog_was_reset(shop, session_factory, translator):
    before = _harness(MemoryStorage(), session_factory, translator)
    await before.send(MASTER, NEW_ORDER)
    await before.send(MASTER, "8 (916) 123-45-67")
    screen = before.session.chats[MASTER.id]

    # The process restarts: a new Dispatcher with empty memory; the chat still shows the step.
    after = _harness(MemoryStorage(), session_factory, translator)
    after.session.chats[MASTER.id] = screen
    calls = await after.tap_button(MASTER, "BMW X5 · А123ВС77")
    [alert] = [c for c in calls if isinstance(c, AnswerCallbackQuery)]
    assert alert.show_alert and "диалог уже закрыт" in (alert.text or "")
    assert NEW_ORDER in after.reply_keyboard(MASTER)  # the menu again, to start over
    # Typed text of the lost step is not taken for anything: a hint and the menu.
    calls = await after.send(MASTER, "стук спереди справа")
    assert [c.text for c in calls if isinstance(c, SendMessage)] == [
        "Не понял сообщение. Выберите действие на клавиатуре внизу."
    ]
    assert await _orders(session_factory) == 0
