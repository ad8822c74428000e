"""The same Telegram update delivered twice is processed once — in one process and across two
processes sharing Redis (`bot/middlewares/dedupe.py`) — and updates of one chat that arrive
late or out of order are answered without acting twice or crashing.

Stale *order* buttons (a stage that has moved on) explain themselves: see
tests/dialogs/test_order_views.py::test_stale_button_explains_itself and the stale tests of
each stage dialog; here it is the dialogs' own steps and whole redeliveries.
"""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, datetime

from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.methods import AnswerCallbackQuery
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message, Update
from sqlalchemy import func, select

from bot.app import build_bot, build_dispatcher, build_storage
from bot.settings import BotSettings, RedisSettings
from bot.testing.fake_telegram import BOT_USER, BotHarness, FakeTelegramSession, TelegramUser
from services.storage.models import Order, OrderPart
from tests.chaos.redis_server import RedisServer
from tests.conftest import make_settings
from tests.dialogs.conftest import MASTER

NEW_ORDER = "➕ Новый заказ"
_ids = itertools.count(10**6)


def _harness(storage, session_factory, translator, token: str | None = None) -> BotHarness:  # type: ignore[no-untyped-def]
    token = token or f"{uuid.uuid4().int % 10**9}:AAH-test-token-abcdefghijklmnopqrstu"
    settings = make_settings(bot=BotSettings(token=token, username="sto_shop_bot"))
    fake = FakeTelegramSession()
    dp = build_dispatcher(settings, storage, session_factory, translator)
    return BotHarness(dp, build_bot(settings, session=fake), fake)


async def _to_summary(bot: BotHarness) -> None:
    await bot.send(MASTER, NEW_ORDER)
    await bot.send(MASTER, "8 (916) 123-45-67")
    await bot.tap_button(MASTER, "BMW X5 · А123ВС77")
    await bot.send(MASTER, "стук спереди справа")
    await bot.send(MASTER, "Колодки передние 2")
    await bot.tap_button(MASTER, "Готово")
    await bot.tap_button(MASTER, "Пропустить")
    assert "[ ✅ Сохранить ]" in bot.screen(MASTER)


def _tap_update(bot: BotHarness, user: TelegramUser, label: str) -> Update:
    """The update Telegram sends for a tap on the newest button `label`, with its own id."""
    for shown in reversed(list(bot.session.chats[user.id].values())):
        markup = shown.markup if isinstance(shown.markup, InlineKeyboardMarkup) else None
        for button in [b for row in (markup.inline_keyboard if markup else []) for b in row]:
            if label in button.text:
                n = next(_ids)
                message = Message(
                    message_id=shown.message_id,
                    date=datetime.now(UTC),
                    chat=user.chat,
                    from_user=BOT_USER,
                    text=shown.text,
                    reply_markup=markup,
                )
                query = CallbackQuery(
                    id=str(n),
                    from_user=user.user,
                    chat_instance=str(user.id),
                    message=message,
                    data=button.callback_data,
                )
                return Update(update_id=n, callback_query=query)
    raise LookupError(label)


async def _count(session_factory, model) -> int:  # type: ignore[no-untyped-def]
    async with session_factory() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_the_same_update_twice_saves_one_order(shop, session_factory, translator):
    bot = _harness(MemoryStorage(), session_factory, translator)
    await _to_summary(bot)
    save = _tap_update(bot, MASTER, "Сохранить")
    first = await bot.feed(save)
    again = await bot.feed(save)  # Telegram's redelivery: same update_id
    assert first and again == []
    assert await _count(session_factory, Order) == 1
    assert await _count(session_factory, OrderPart) == 1


async def test_redelivery_to_another_process_is_processed_once(
    private_redis: RedisServer, shop, session_factory, translator
):
    """Two bot processes behind one webhook share Redis; the resend lands on the other one."""
    token = f"{uuid.uuid4().int % 10**9}:AAH-test-token-abcdefghijklmnopqrstu"
    settings = make_settings(redis=RedisSettings(url=private_redis.url))
    storages = [build_storage(settings), build_storage(settings)]
    one, other = (_harness(s, session_factory, translator, token) for s in storages)
    try:
        await _to_summary(one)
        save = _tap_update(one, MASTER, "Сохранить")
        assert await one.feed(save)
        assert await other.feed(save) == []
        assert await _count(session_factory, Order) == 1
        # A new update on the other process goes on from the shared state: the dialog is over.
        await other.send(MASTER, "стук спереди справа")
        assert "Не понял сообщение" in other.last_text(MASTER)
    finally:
        for storage in storages:
            await storage.close()


async def test_double_tap_is_two_updates_and_still_one_order(shop, session_factory, translator):
    bot = _harness(MemoryStorage(), session_factory, translator)
    await _to_summary(bot)
    first, second = _tap_update(bot, MASTER, "Сохранить"), _tap_update(bot, MASTER, "Сохранить")
    await bot.feed(first)
    late = await bot.feed(second)  # the same button, a second update: the dialog is over
    [answer] = [c for c in late if isinstance(c, AnswerCallbackQuery)]
    assert answer.show_alert and "диалог уже закрыт" in (answer.text or "")
    assert await _count(session_factory, Order) == 1


async def test_late_and_early_updates_in_a_dialog(shop, session_factory, translator):
    bot = _harness(MemoryStorage(), session_factory, translator)
    await bot.send(MASTER, NEW_ORDER)
    # The complaint overtakes the phone typed before it: asked again, nothing taken.
    await bot.send(MASTER, "стук спереди справа")
    assert "Телефон клиента?" in bot.screen(MASTER)
    await bot.send(MASTER, "8 (916) 123-45-67")
    car = _tap_update(bot, MASTER, "BMW X5 · А123ВС77")
    await bot.feed(car)
    await bot.send(MASTER, "стук спереди справа")
    assert "шаг 5 из 7" in bot.screen(MASTER)
    # A press of step 2's button arriving now (a slow network, a second device): answered,
    # the dialog stays at step 5 with what it has.
    late = car.model_copy(update={"update_id": next(_ids)})
    calls = await bot.feed(late)
    assert [type(c) for c in calls] == [AnswerCallbackQuery]
    assert "шаг 5 из 7" in bot.screen(MASTER)
    await bot.send(MASTER, "Колодки передние 2")
    await bot.tap_button(MASTER, "Готово")
    await bot.tap_button(MASTER, "Пропустить")
    screen = bot.screen(MASTER)
    assert "📝 стук спереди справа" in screen and "Колодки передние ×2" in screen, screen
    await bot.tap_button(MASTER, "Сохранить")
    assert await _count(session_factory, Order) == 1
