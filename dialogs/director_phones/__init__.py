"""Which roles see clients' phone numbers in full (director): /settings, or «☎️ Кто видит
телефоны» under the staff list.

`entry()` is the command, among the director's screens (behind their role check and refusal);
`setup()` is the dialog, among the aiogram-dialog dialogs."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from aiogram_dialog import DialogManager

from dialogs.director_phones import dialog, handlers
from dialogs.kit.seat import directors_only


async def _settings(message: Message, state: FSMContext, dialog_manager: DialogManager) -> None:
    await handlers.start(dialog_manager, state)


def entry() -> Router:
    router = Router(name=f"{__name__}.entry")
    router.message.register(_settings, Command("settings"))
    return router


def setup() -> Router:
    """Behind the role check; it asks for no text, so it takes no message (kit/seat.py)."""
    return directors_only(dialog.build())
