"""The pre-issue checklist: every part and work a ☐/☑ toggle, then «hand the car over»."""

from __future__ import annotations

from operator import itemgetter

from aiogram_dialog import Dialog, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Column, Select
from aiogram_dialog.widgets.text import Format

from dialogs.kit.stage import keep_start_data
from dialogs.kit.text import Fluent
from dialogs.pre_issue import getters, handlers
from dialogs.pre_issue.states import PreIssueSG

# Widget ids start with "w": see dialogs/parts_walk/dialog.py.


def build() -> Dialog:
    check = Window(
        Format("{text}"),
        Column(
            Select(
                Format("{item[0]}"),
                id="wt",
                item_id_getter=itemgetter(1),
                items="items",
                on_click=handlers.toggle,
            )
        ),
        Button(
            Fluent("pre-issue-btn-issue", raw=True), id="wi", on_click=handlers.issue, when="done"
        ),
        Button(
            Fluent("pre-issue-btn-issue-locked", raw=True),
            id="wl",
            on_click=handlers.issue,
            when=lambda data, *_: not data["done"],
        ),
        Button(Fluent("dialog-btn-cancel", raw=True), id="wx", on_click=handlers.cancel),
        MessageInput(handlers.typed),
        getter=getters.check,
        state=PreIssueSG.check,
    )
    closed = Window(Format("{text}"), getter=getters.closed, state=PreIssueSG.closed)
    return Dialog(check, closed, on_start=keep_start_data)
