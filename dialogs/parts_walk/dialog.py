"""The parts walk: one dialog for the work done part by part (pricing, purchase, receiving).

Every window draws the kind's screen the same way: the parts as buttons, one a row; rows of
likely answers; «finish»; «◀️ Назад» «✖️ Отмена». Typed text is the answer to the question.
"""

from __future__ import annotations

from operator import itemgetter

from aiogram.fsm.state import State
from aiogram_dialog import Dialog, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Column, Row, Select
from aiogram_dialog.widgets.text import Format

from dialogs.kit.close import closed_window
from dialogs.kit.text import Fluent
from dialogs.parts_walk import getters, handlers
from dialogs.parts_walk.states import PartsWalkSG

# Widget ids start with "w": a button of a hand-built screen (no dialog's intent id) reaches an
# open dialog, and must not be taken for one of its widgets ("o:…", "t:…" are callbacks).
_LABEL = Format("{item[0]}")
_VALUE = itemgetter(1)


def _screen_window(state: State) -> Window:
    rows = [
        Select(
            _LABEL,
            id=f"w{n}",
            item_id_getter=_VALUE,
            items=f"row{n}",
            on_click=handlers.picked,
            when=f"row{n}",
        )
        for n in range(getters.MAX_ROWS)
    ]
    return Window(
        Format("{text}"),
        Column(
            Select(
                _LABEL,
                id="wp",
                item_id_getter=_VALUE,
                items="parts",
                on_click=handlers.part_tapped,
                when="parts",
            )
        ),
        *rows,
        Button(Format("{finish}"), id="wf", on_click=handlers.finish, when="finish"),
        Row(
            Button(
                Fluent("dialog-btn-back", raw=True), id="wb", on_click=handlers.back, when="back"
            ),
            Button(
                Fluent("dialog-btn-cancel", raw=True),
                id="wx",
                on_click=handlers.cancel,
                when="cancel",
            ),
        ),
        MessageInput(handlers.typed),
        getter=getters.screen,
        state=state,
    )


def build() -> Dialog:
    return Dialog(
        _screen_window(PartsWalkSG.parts),
        _screen_window(PartsWalkSG.step),
        closed_window(PartsWalkSG.closed),
        on_start=handlers.on_start,
    )
