"""Commands every employee has: /cancel and /lang."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram_dialog import DialogManager
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import LangCallback, Language
from bot.i18n import L10n, Translator
from bot.keyboards.menus import main_menu
from services.staff.service import StaffService
from services.storage.models import Employee

LANGUAGE_NAMES = {Language.RU: "🇷🇺 Русский", Language.EN: "🇬🇧 English"}


async def cancel(
    message: Message,
    state: FSMContext,
    dialog_manager: DialogManager,
    l10n: L10n,
    employee: Employee,
) -> None:
    had_dialog = dialog_manager.has_context()
    await state.clear()  # and a search's words kept for its list's pages
    # Its last screen keeps its buttons; a tap on one explains that the dialog is gone.
    await dialog_manager.reset_stack(remove_keyboard=False)
    await message.answer(
        l10n("dialog-cancelled" if had_dialog else "dialog-nothing-to-cancel"),
        reply_markup=main_menu(l10n, employee.role_names),
    )


async def choose_language(message: Message, l10n: L10n) -> None:
    buttons = [
        InlineKeyboardButton(text=name, callback_data=LangCallback(locale=code).pack())
        for code, name in LANGUAGE_NAMES.items()
    ]
    await message.answer(
        l10n("lang-pick"), reply_markup=InlineKeyboardMarkup(inline_keyboard=[buttons])
    )


async def set_language(
    query: CallbackQuery,
    callback_data: LangCallback,
    session: AsyncSession,
    employee: Employee,
    translator: Translator,
) -> None:
    await StaffService(session).set_locale(employee, callback_data.locale.value)
    l10n = translator.get(callback_data.locale.value)
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_text(l10n("lang-changed"))
    await query.bot.send_message(  # type: ignore[union-attr]
        employee.telegram_id,
        l10n("menu-placeholder"),
        reply_markup=main_menu(l10n, employee.role_names),
    )


def setup() -> Router:
    router = Router(name=__name__)
    router.message.register(cancel, Command("cancel"))
    router.message.register(choose_language, Command("lang"))
    router.callback_query.register(set_language, LangCallback.filter())
    return router
