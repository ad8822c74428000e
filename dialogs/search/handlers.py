"""The search dialog's start and its one input."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from aiogram.types import Message
from aiogram_dialog import DialogManager, ShowMode
from aiogram_dialog.widgets.input import MessageInput

from dialogs.kit.over import back_below, open_over
from dialogs.search.limits import MAX_QUERY
from dialogs.search.states import SearchSG

ANSWER = "answer"  # dialog_data: what the window says (an `Answer`)
QUERY = "query"  # dialog_data: the words that found nothing


class Answer(StrEnum):
    ASK = "ask"
    EMPTY = "empty"
    TOO_LONG = "too_long"
    NOTHING = "nothing"


async def start(message: Message, dialog_manager: DialogManager) -> None:
    """From the menu, mid-anything (see `open_over`)."""
    await open_over(dialog_manager, SearchSG.query)


async def answer(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    data = dialog_manager.dialog_data
    return {"answer": data.get(ANSWER, Answer.ASK), "query": data.get(QUERY, ""), "max": MAX_QUERY}


async def query_typed(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    """Words to look for: anything else (a photo, a blank, too long a text) is refused and the
    question stays; so does a miss. A find ends the dialog and sends the list."""
    query = (message.text or "").strip()
    if not query or len(query) > MAX_QUERY:
        manager.dialog_data[ANSWER] = Answer.TOO_LONG if query else Answer.EMPTY
        return
    deps = manager.middleware_data
    # The list is the handlers' (handlers.orders.lists), and the handlers import the dialogs to
    # build the root router: imported when a search is typed, not with this module.
    from handlers.orders.search import found

    sent = await found(
        deps["bot"],
        deps["state"],
        deps["employee"],
        deps["l10n"],
        deps["queries"],
        deps["settings"],
        query,
    )
    if not sent:
        manager.dialog_data.update({ANSWER: Answer.NOTHING, QUERY: query})
        return
    await manager.done(show_mode=ShowMode.NO_UPDATE)
    await back_below(manager)
