"""Ending a dialog on a last screen that says how it ended, with no buttons."""

from __future__ import annotations

from typing import Any

from aiogram.fsm.state import State
from aiogram_dialog import DialogManager, ShowMode, Window
from aiogram_dialog.widgets.text import Format

from dialogs.kit.over import below

CLOSING = "closing"  # dialog_data key of the last screen's text


async def close(manager: DialogManager, closed: State, text: str) -> None:
    """Show `text` in the `closed` window (a text and no keyboard) and end the dialog.
    aiogram-dialog's `done` alone would only take the buttons off the last screen. A dialog
    this one was opened over (a short question or prompt over a longer dialog) is drawn again
    below, so the person sees what his next text answers and that nothing typed there is lost."""
    manager.dialog_data[CLOSING] = text
    await manager.switch_to(closed)
    await manager.show()
    await manager.done(show_mode=ShowMode.SEND if below(manager) else ShowMode.NO_UPDATE)


def closed_window(closed: State) -> Window:
    """The `closed` window of a dialog: the text `close` left, no buttons."""
    return Window(Format("{text}"), getter=_closed_text, state=closed)


async def _closed_text(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    return {"text": dialog_manager.dialog_data[CLOSING]}
