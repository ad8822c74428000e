"""Last resort: text we do not understand gets a hint and the menu again; text that reads as an
order number, a phone, a VIN (or its tail) or a plate is searched for whoever may open cards."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Filter
from aiogram.types import Message

from bot.filters import HasRole
from bot.i18n import L10n
from bot.keyboards.menus import main_menu
from bot.middlewares.reads import READS_ONLY
from dialogs.search.limits import SEARCH_ROLES
from handlers.orders.search import run_search
from services.orders.search_terms import parse_search


class PrivateText(Filter):
    """Text in a private chat (a coroutine: aiogram would run `F.…` checks in a thread)."""

    async def __call__(self, message: Message) -> bool:
        return message.chat.type == "private" and bool(message.text)


class LooksLikeSearch(Filter):
    """A number, a phone, a VIN, its tail or a plate typed outside any dialog: each has a digit,
    which keeps chatter («как дела») from being read as a VIN tail."""

    async def __call__(self, message: Message) -> bool:
        text = message.text or ""
        return any(c.isdigit() for c in text) and not parse_search(text).empty


async def unknown_message(message: Message, l10n: L10n, roles: frozenset[str]) -> None:
    if message.chat.type == "private":
        await message.answer(l10n("menu-use-buttons"), reply_markup=main_menu(l10n, roles))


def setup() -> Router:
    router = Router(name=__name__)
    router.message.register(
        run_search,
        PrivateText(),
        HasRole(*SEARCH_ROLES),
        LooksLikeSearch(),
        flags=READS_ONLY,
    )
    router.message.register(unknown_message)
    return router
