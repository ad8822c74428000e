"""The flattened routers (bot/flat_routing.py) answer every update as the tree did."""

from __future__ import annotations

from typing import Any

import pytest
from aiogram import BaseMiddleware, Bot, Dispatcher, F, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.types import Message, Update
from aiogram_dialog import DialogProtocol

from bot.fake_telegram import FakeTelegramSession
from bot.flat_routing import flatten
from handlers import build_root_router


def _tree(seen: list[str]) -> Router:
    """root → a (filter: text starts with "a") → a1; root → b; b's filter gives data."""
    root, a, a1, b = Router(name="root"), Router(name="a"), Router(name="a1"), Router(name="b")
    a.message.filter(F.text.startswith("a"))
    b.message.filter(lambda message: {"tag": "from b"})

    @root.message(F.text == "root")
    async def at_root(message: Message) -> None:
        seen.append("root")

    @a.message(F.text == "ab")
    async def in_a(message: Message) -> None:
        seen.append("a")

    @a1.message(F.text.endswith("z"))
    async def in_a1(message: Message) -> None:
        seen.append("a1")

    @a1.message(F.text == "skip")
    async def skipped(message: Message) -> None:
        raise SkipHandler

    @b.message()
    async def in_b(message: Message, tag: str) -> None:
        seen.append(f"b {tag}")

    a.include_router(a1)
    root.include_routers(a, b)
    return root


@pytest.fixture
def bot_for_routing() -> Bot:
    return Bot("42:TEST", session=FakeTelegramSession())


def _update(text: str, n: int) -> Update:
    return Update.model_validate(
        {
            "update_id": n,
            "message": {
                "message_id": n,
                "date": 0,
                "chat": {"id": 1, "type": "private"},
                "from": {"id": 1, "is_bot": False, "first_name": "A"},
                "text": text,
            },
        }
    )


@pytest.mark.parametrize("flat", [False, True])
async def test_the_same_handler_answers_as_in_the_tree(bot_for_routing: Any, flat: bool) -> None:
    seen: list[str] = []
    root = _tree(seen)
    if flat:
        assert flatten(root) == 4 and root.sub_routers == []
    dp = Dispatcher()
    dp.include_router(root)
    for n, text in enumerate(["root", "ab", "az", "bz", "skip", "zz"], 1):
        await dp.feed_update(bot_for_routing, _update(text, n))
    # "bz": a's filter refuses it before a1 is tried; "skip" falls through to b
    assert seen == ["root", "a", "a1", "b from b", "b from b", "b from b"]


def test_a_router_with_its_own_middleware_is_refused() -> None:
    class Noop(BaseMiddleware):
        async def __call__(self, handler: Any, event: Any, data: dict[str, Any]) -> Any:
            return await handler(event, data)

    root, child = Router(name="root"), Router(name="child")
    child.callback_query.middleware(Noop())
    root.include_router(child)
    with pytest.raises(ValueError, match="child"):
        flatten(root)


def test_the_bot_is_one_list_of_handlers() -> None:
    root = build_root_router()
    # Only aiogram-dialog's dialogs stay, for its registry (their handlers are in the list).
    assert all(isinstance(router, DialogProtocol) for router in root.sub_routers)
    assert len(root.message.handlers) > 40 and len(root.callback_query.handlers) > 40
