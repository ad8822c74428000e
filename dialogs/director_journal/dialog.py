"""The audit journal dialog: a page of events with its filters and pages, the person picker,
the order number and the dates typed.

Widget ids start with "w" (see dialogs/kit/__init__.py)."""

from __future__ import annotations

from typing import Any

from aiogram.fsm.state import State
from aiogram_dialog import Dialog, Window
from aiogram_dialog.widgets.input import TextInput
from aiogram_dialog.widgets.kbd import Button, Column, Row, SwitchTo
from aiogram_dialog.widgets.kbd.button import OnClick
from aiogram_dialog.widgets.text import Format
from aiogram_dialog.widgets.utils import GetterVariant

from dialogs.director_journal import getters, handlers
from dialogs.director_journal.states import JournalSG
from dialogs.kit.choices import choices
from dialogs.kit.stray import Stray
from dialogs.kit.text import Fluent


def _button(key: str, wid: str, on_click: OnClick, when: str | None = None) -> Button:
    return Button(Fluent(key, raw=True), id=wid, on_click=on_click, when=when)


def _switch(key: str, wid: str, state: State, on_click: OnClick | None = None) -> SwitchTo:
    return SwitchTo(Fluent(key, raw=True), id=wid, state=state, on_click=on_click)


def _journal() -> Window:
    return Window(
        Format("{text}"),
        Row(
            _switch("journal-btn-person", "wp", JournalSG.people, handlers.ask_person),
            _switch("journal-btn-order", "wo", JournalSG.order, handlers.ask_typed),
        ),
        Row(
            _switch("journal-btn-dates", "wd", JournalSG.dates, handlers.ask_typed),
            _button("journal-btn-csv", "wv", handlers.export_csv),
        ),
        Row(
            _button("journal-btn-older", "wr", handlers.turn_page, when="older"),
            _button("journal-btn-newer", "wn", handlers.turn_page, when="newer"),
        ),
        _button("journal-btn-reset", "wx", handlers.reset, when="filtered"),
        Stray(),
        getter=getters.journal,
        state=JournalSG.journal,
    )


def _people() -> Window:
    people = choices("ws", "people", handlers.person_picked)
    pager = choices("wg", "pager", handlers.people_turned)
    return Window(
        Fluent("journal-pick-person"),
        Column(people),
        Row(pager),
        Stray(),
        getter=getters.people,
        state=JournalSG.people,
    )


def _question(state: State, typed: TextInput[Any], getter: GetterVariant) -> Window:
    return Window(
        Format("{text}"),
        _switch("dialog-btn-back", "wb", JournalSG.journal),
        typed,
        Stray(),
        getter=getter,
        state=state,
    )


def build() -> Dialog:
    order = TextInput(
        id="wt",
        type_factory=handlers.order_number,
        on_success=handlers.order_typed,
        on_error=handlers.order_refused,
    )
    dates = TextInput(id="wt", on_success=handlers.dates_typed)
    return Dialog(
        _journal(),
        _people(),
        _question(JournalSG.order, order, getters.order),
        _question(JournalSG.dates, dates, getters.dates),
        on_start=handlers.on_start,
    )
