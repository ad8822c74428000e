"""«👥 Сотрудники» (director): the staff in pages, an employee's card with roles to toggle, the
Bitrix24 link (picked from the portal's users or typed), deactivation with a confirmation.

`entry()` is the menu button and /staff, among the director's screens (behind their role check
and refusal); `setup()` is the dialog, among the aiogram-dialog dialogs: an open aiogram-dialog
takes every tap, so it comes after the hand-built screens."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from aiogram_dialog import DialogManager

from bot.filters import MenuButton
from bot.middlewares.reads import READS_ONLY
from dialogs.director_staff import dialog, handlers
from dialogs.director_staff.states import StaffSG
from dialogs.kit.seat import directors_only


async def _staff(message: Message, state: FSMContext, dialog_manager: DialogManager) -> None:
    await handlers.start(dialog_manager, state)


def entry() -> Router:
    router = Router(name=f"{__name__}.entry")
    router.message.register(_staff, MenuButton("menu-staff"), flags=READS_ONLY)
    router.message.register(_staff, Command("staff"), flags=READS_ONLY)
    return router


def setup() -> Router:
    """Behind the role check; messages only while a Bitrix24 id is asked (kit/seat.py)."""
    return directors_only(dialog.build(), StaffSG.type_bitrix)
