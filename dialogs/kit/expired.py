"""A dialog button whose dialog is gone (a restart with in-memory storage, a finished dialog)
explains itself instead of doing nothing. Included after every dialog router."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery, Message

from bot.i18n import L10n
from bot.keyboards.menus import main_menu


async def expired_button(query: CallbackQuery, l10n: L10n, roles: frozenset[str]) -> None:
    await query.answer(l10n("dialog-expired"), show_alert=True)
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
        await query.message.answer(l10n("menu-placeholder"), reply_markup=main_menu(l10n, roles))


def setup() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(expired_button)
    return router
