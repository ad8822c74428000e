"""The labour dialog: the works list (typed one per line, removed by their bins), approve, or
send the order back to parts pricing with a comment."""

from __future__ import annotations

from aiogram_dialog import Dialog, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Group, Row
from aiogram_dialog.widgets.text import Format

from dialogs.kit.choices import choices
from dialogs.kit.close import closed_window
from dialogs.kit.text import Fluent
from dialogs.labour import getters, handlers
from dialogs.labour.states import LabourSG

_BINS_PER_ROW = 5


def _cancel() -> Button:
    return Button(Fluent("dialog-btn-cancel", raw=True), id="wx", on_click=handlers.cancel)


def build() -> Dialog:
    bins = choices("wr", "bins", handlers.remove)
    works = Window(
        Format("{text}"),
        Group(bins, width=_BINS_PER_ROW),
        Button(Fluent("labour-btn-approve", raw=True), id="wa", on_click=handlers.approve),
        Button(Fluent("labour-btn-return", raw=True), id="wm", on_click=handlers.ask_comment),
        _cancel(),
        MessageInput(handlers.works_typed),
        getter=getters.works,
        state=LabourSG.works,
    )
    comment = Window(
        Format("{text}"),
        Row(
            Button(Fluent("dialog-btn-back", raw=True), id="wb", on_click=handlers.back_to_works),
            _cancel(),
        ),
        MessageInput(handlers.comment_typed),
        getter=getters.comment,
        state=LabourSG.comment,
    )
    closed = closed_window(LabourSG.closed)
    return Dialog(works, comment, closed, on_start=handlers.on_start)
