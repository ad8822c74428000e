"""A dialog opened over the one in progress (a stage's work, its send-back or cancel prompt,
the search, a delivery's new date), which waits below and comes back when it ends."""

from __future__ import annotations

from typing import Any

from aiogram.fsm.state import State
from aiogram_dialog import DialogManager, ShowMode, StartMode


async def open_over(
    manager: DialogManager, first: State, data: dict[str, Any] | None = None
) -> None:
    """A dialog open already waits below and is back once this one ends (kit/close.py draws it
    again), with what was typed in it. The same dialog opened again starts anew, not stacked
    on itself."""
    if manager.has_context() and manager.current_context().state.group is first.group:
        await manager.done(show_mode=ShowMode.NO_UPDATE)
    await manager.start(first, data=data, mode=StartMode.NORMAL, show_mode=ShowMode.SEND)


async def back_below(manager: DialogManager) -> None:
    """After the question ended: the dialog it was asked over, if any, is drawn again below, so
    the person sees what his next text answers (aiogram-dialog would bring it back unseen)."""
    if manager.has_context():
        manager.show_mode = ShowMode.SEND
        await manager.show()
