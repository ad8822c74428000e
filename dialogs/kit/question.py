"""A dialog of one typed question (the search, a delivery's new date), opened over anything."""

from __future__ import annotations

from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram_dialog import DialogManager, ShowMode, StartMode


async def ask(
    manager: DialogManager, state: FSMContext, first: State, data: dict[str, Any] | None = None
) -> None:
    """A hand-built dialog in progress ends (its steps would take the typed answer first); an
    aiogram-dialog one waits below and is back once the question is answered, with what was
    typed in it. The same question asked again is asked anew, not stacked on itself."""
    await state.set_state(None)
    if manager.has_context() and manager.current_context().state.group is first.group:
        await manager.done(show_mode=ShowMode.NO_UPDATE)
    await manager.start(first, data=data, mode=StartMode.NORMAL, show_mode=ShowMode.SEND)
