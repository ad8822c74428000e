"""The audit journal: /audit, or «🗂 Журнал событий» under the staff list. Events newest
first, fifteen a page, by person (picked from the staff, a page of them), order number or
dates; «📄 CSV» sends the selection.

`entry()` is the entry (in handlers.director's seat, behind its role check); `setup()` is
the dialog itself, included with the other aiogram-dialog dialogs."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command

from dialogs.director_journal import dialog as _dialog
from dialogs.director_journal.handlers import start
from dialogs.director_journal.states import JournalSG
from dialogs.kit.seat import directors_only


def entry() -> Router:
    router = Router(name=f"{__name__}.entry")
    router.message.register(start, Command("audit"))
    return router


def setup() -> Router:
    return directors_only(_dialog.build(), JournalSG.order, JournalSG.dates)
