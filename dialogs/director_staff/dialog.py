"""The staff screens: the list in pages ↔ an employee's card → deactivation, Bitrix24 link."""

from __future__ import annotations

from aiogram_dialog import Dialog, Window
from aiogram_dialog.widgets.input import TextInput
from aiogram_dialog.widgets.kbd import Button, Column, Group, Row, SwitchTo
from aiogram_dialog.widgets.text import Const, Format

from dialogs.director_staff import getters, handlers
from dialogs.director_staff.states import StaffSG
from dialogs.kit.choices import choices
from dialogs.kit.close import closed_window
from dialogs.kit.stray import Stray
from dialogs.kit.text import Fluent


def _list() -> Window:
    people = choices("wp", "people", handlers.open_card)
    return Window(
        Format("{text}"),
        Column(people),
        Row(
            Button(Const("◀️"), id="wb", on_click=handlers.page_back, when="has_prev"),
            Button(Const("▶️"), id="wn", on_click=handlers.page_on, when="has_next"),
        ),
        Row(
            Button(Fluent("staff-btn-journal", raw=True), id="wj", on_click=handlers.open_journal),
            Button(Fluent("staff-btn-phones", raw=True), id="wt", on_click=handlers.open_phones),
        ),
        Stray(),
        getter=getters.people,
        state=StaffSG.list,
    )


def _card() -> Window:
    roles = choices("wr", "roles", handlers.toggle_role)
    return Window(
        Format("{text}"),
        Group(roles, width=2),
        Row(
            Button(Fluent("staff-btn-bitrix", raw=True), id="wl", on_click=handlers.ask_bitrix),
            SwitchTo(Fluent("staff-btn-deactivate", raw=True), id="wd", state=StaffSG.confirm),
        ),
        SwitchTo(Fluent("staff-btn-back", raw=True), id="wk", state=StaffSG.list),
        Stray(),
        getter=getters.card,
        state=StaffSG.card,
    )


def _confirm() -> Window:
    return Window(
        Format("{text}"),
        Row(
            Button(Fluent("staff-btn-confirm", raw=True), id="wy", on_click=handlers.deactivate),
            SwitchTo(Fluent("staff-btn-back", raw=True), id="wk", state=StaffSG.card),
        ),
        Stray(),
        getter=getters.confirm,
        state=StaffSG.confirm,
    )


def _pick_bitrix() -> Window:
    users = choices("wu", "users", handlers.picked_bitrix)
    return Window(
        Format("{text}"),
        Column(users),
        SwitchTo(Fluent("staff-btn-typed-id", raw=True), id="wi", state=StaffSG.type_bitrix),
        Stray(),
        getter=getters.portal,
        state=StaffSG.pick_bitrix,
    )


def _type_bitrix() -> Window:
    return Window(
        Format("{text}"),
        TextInput(
            id="wv",
            type_factory=handlers.parse_bitrix_id,
            on_success=handlers.typed_bitrix,
            on_error=handlers.bad_bitrix_id,
        ),
        Stray(),
        getter=getters.typed,
        state=StaffSG.type_bitrix,
    )


def build() -> Dialog:
    return Dialog(
        _list(),
        _card(),
        _confirm(),
        _pick_bitrix(),
        _type_bitrix(),
        closed_window(StaffSG.closed),
    )
