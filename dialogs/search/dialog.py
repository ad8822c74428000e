"""One window: the question, or why the last answer found nothing or was refused."""

from __future__ import annotations

from aiogram_dialog import Dialog, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.text import Case

from dialogs.kit.text import Fluent
from dialogs.search import handlers
from dialogs.search.states import SearchSG


def build() -> Dialog:
    text = Case(
        {
            handlers.Answer.ASK: Fluent("search-ask"),
            handlers.Answer.EMPTY: Fluent("search-empty"),
            handlers.Answer.TOO_LONG: Fluent("search-too-long", max="max"),
            handlers.Answer.NOTHING: Fluent("search-nothing", query="query"),
        },
        selector="answer",
    )
    ask = Window(
        text,
        MessageInput(handlers.query_typed),
        getter=handlers.answer,
        state=SearchSG.query,
    )
    return Dialog(ask)
