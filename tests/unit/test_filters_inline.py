"""No State or magic filter in the routers runs in a thread (bench/updates.py: each one was a
thread hop per check)."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.types import Message

from bot.filters.inline import run_cheap_filters_inline
from handlers import build_root_router


def _sync_filters(router: Router) -> list[object]:
    found = [
        event_filter.callback
        for observer in router.observers.values()
        for handler in [observer._handler, *observer.handlers]
        for event_filter in handler.filters or ()
        if not event_filter.awaitable
    ]
    for sub_router in router.sub_routers:
        found += _sync_filters(sub_router)
    return found


def test_every_filter_of_the_bot_runs_on_the_event_loop() -> None:
    assert _sync_filters(build_root_router()) == []


async def test_an_inlined_magic_filter_still_decides() -> None:
    router = Router()
    router.message.register(lambda: None, F.text == "да")
    assert run_cheap_filters_inline(router) == 1
    check = router.message.handlers[0].filters[0]
    assert check.awaitable
    yes = Message.model_validate(
        {"message_id": 1, "date": 0, "chat": {"id": 1, "type": "private"}, "text": "да"}
    )
    assert await check.call(yes) is True
    assert not await check.call(yes.model_copy(update={"text": "нет"}))


async def test_a_command_filter_refuses_plain_text_and_still_parses_commands() -> None:
    router = Router()
    router.message.register(lambda: None, Command("cancel"))
    assert run_cheap_filters_inline(router) == 1
    check = router.message.handlers[0].filters[0]
    bot = Bot("42:" + "A" * 35)
    command = Message.model_validate(
        {"message_id": 1, "date": 0, "chat": {"id": 1, "type": "private"}, "text": "/cancel now"}
    )
    found = await check.call(command, bot=bot)
    assert found["command"].command == "cancel" and found["command"].args == "now"
    for text in ("отмена", "/start", "", " /cancel"):
        assert not await check.call(command.model_copy(update={"text": text}), bot=bot)
