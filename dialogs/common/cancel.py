"""«✖️ Отмена» in any dialog: leaves it cleanly, the menu stays."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery

from bot.callbacks import NavCallback
from bot.i18n import L10n
from dialogs.common.screen import close


async def cancel_dialog(query: CallbackQuery, state: FSMContext, l10n: L10n) -> None:
    await close(query, state, l10n("dialog-cancelled"))


def setup() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(cancel_dialog, NavCallback.filter(F.action == "cancel"))
    return router
