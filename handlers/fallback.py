"""Last resort: text we do not understand gets a hint and the menu again."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import Message

from bot.i18n import L10n
from bot.keyboards.menus import main_menu


async def unknown_message(message: Message, l10n: L10n, roles: frozenset[str]) -> None:
    if message.chat.type == "private":
        await message.answer(l10n("menu-use-buttons"), reply_markup=main_menu(l10n, roles))


def setup() -> Router:
    router = Router(name=__name__)
    router.message.register(unknown_message)
    return router
