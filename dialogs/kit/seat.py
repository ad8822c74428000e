"""The director's dialogs (the report, the audit journal): opened from the menu, a command or a
button of another screen, and reached by directors only."""

from __future__ import annotations

from typing import Any

from aiogram import Router
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import Message
from aiogram_dialog import Dialog, DialogManager, ShowMode, StartMode

from bot.filters import HasRole
from dialogs.common.screen import strip_screen
from services.staff.roles import Role


async def open_dialog(
    message: Message | None, state: FSMContext, manager: DialogManager, first: State, data: Any
) -> None:
    """Open the dialog on a fresh stack in a new message, so no older dialog waits below it for
    the next typed text; a hand-built dialog in progress ends here (its buttons taken off)."""
    if message is not None:
        await strip_screen(message, state)
    await state.clear()
    await manager.start(first, data=data, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND)


def directors_only(dialog: Dialog) -> Router:
    """The dialog behind the role check: someone who is no director since it opened reaches it
    no more (handlers.director.guard refuses and audits the tap)."""
    router = Router(name=f"{dialog.name}.seat")
    router.message.filter(HasRole(Role.DIRECTOR))
    router.callback_query.filter(HasRole(Role.DIRECTOR))
    router.include_router(dialog)
    return router
