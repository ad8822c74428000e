"""Send back: the earlier stage (1), the reason typed (2). Cancel: a common reason or typed."""

from __future__ import annotations

from aiogram_dialog import Dialog, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Column, Row
from aiogram_dialog.widgets.text import Format

from dialogs.kit.choices import choices
from dialogs.kit.close import closed_window
from dialogs.kit.stage import keep_start_data
from dialogs.kit.stray import Stray
from dialogs.kit.text import Fluent
from dialogs.move_reason import getters, handlers
from dialogs.move_reason.states import MoveReasonSG

# Widget ids start with "w": see dialogs/parts_walk/dialog.py.


def _cancel() -> Button:
    return Button(Fluent("dialog-btn-cancel", raw=True), id="wx", on_click=handlers.cancel)


def _last() -> Stray:
    """A tap on an earlier screen's button (a slow network, a second device) changes nothing."""
    return Stray()


def build() -> Dialog:
    return Dialog(
        Window(
            Format("{text}"),
            Column(choices("wt", "targets", handlers.target_picked)),
            _cancel(),
            _last(),
            MessageInput(handlers.use_buttons),
            getter=getters.targets,
            state=MoveReasonSG.target,
        ),
        Window(
            Format("{text}"),
            Row(
                Button(Fluent("dialog-btn-back", raw=True), id="wb", on_click=handlers.back),
                _cancel(),
            ),
            _last(),
            MessageInput(handlers.reason_typed),
            getter=getters.reason,
            state=MoveReasonSG.reason,
        ),
        Window(
            Format("{text}"),
            Column(choices("wr", "reasons", handlers.reason_picked)),
            _cancel(),
            _last(),
            MessageInput(handlers.reason_typed),
            getter=getters.cancel,
            state=MoveReasonSG.cancel,
        ),
        closed_window(MoveReasonSG.closed),
        on_start=keep_start_data,
    )
