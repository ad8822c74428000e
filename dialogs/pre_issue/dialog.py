"""The pre-issue checklist: parts and works ticked ☐/☑ by a tap, then «выдать»."""

from __future__ import annotations

from operator import itemgetter

from aiogram_dialog import Dialog, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Column, Multiselect
from aiogram_dialog.widgets.text import Format

from dialogs.kit.close import closed_window
from dialogs.kit.text import Fluent
from dialogs.pre_issue import getters, handlers
from dialogs.pre_issue.data import CHECKLIST
from dialogs.pre_issue.states import PreIssueSG


def build() -> Dialog:
    checklist = Multiselect(
        Format("☑ {item[0]}"),
        Format("☐ {item[0]}"),
        id=CHECKLIST,
        item_id_getter=itemgetter(1),
        items="items",
        on_state_changed=handlers.ticked,
    )
    check = Window(
        Format("{text}"),
        Column(checklist),
        Button(Format("{issue}"), id="wi", on_click=handlers.issue),
        Button(Fluent("dialog-btn-cancel", raw=True), id="wx", on_click=handlers.cancel),
        MessageInput(handlers.use_buttons),
        getter=getters.check,
        state=PreIssueSG.check,
    )
    closed = closed_window(PreIssueSG.closed)
    return Dialog(check, closed, on_start=handlers.on_start)
