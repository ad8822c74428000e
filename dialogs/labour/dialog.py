"""Labour pricing: the works window (type works, 🗑 remove, approve, send back) and the
comment window (why the order goes back to parts pricing)."""

from __future__ import annotations

from operator import itemgetter

from aiogram_dialog import Dialog, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Group, Row, Select
from aiogram_dialog.widgets.text import Format

from dialogs.kit.stage import keep_start_data
from dialogs.kit.text import Fluent
from dialogs.labour import getters, handlers
from dialogs.labour.states import LabourSG

# Widget ids start with "w": see dialogs/parts_walk/dialog.py.
_PER_ROW = 5


def _cancel() -> Button:
    return Button(Fluent("dialog-btn-cancel", raw=True), id="wx", on_click=handlers.cancel)


def build() -> Dialog:
    works = Window(
        Format("{text}"),
        Group(
            Select(
                Format("{item[0]}"),
                id="wr",
                item_id_getter=itemgetter(1),
                items="trash",
                on_click=handlers.remove,
            ),
            width=_PER_ROW,
        ),
        Button(Fluent("labour-btn-approve", raw=True), id="wa", on_click=handlers.approve),
        Button(Fluent("labour-btn-return", raw=True), id="wn", on_click=handlers.ask_comment),
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
    closed = Window(Format("{text}"), getter=getters.closed, state=LabourSG.closed)
    return Dialog(works, comment, closed, on_start=keep_start_data)
