"""Client approval: the estimate (step 1), the day (2: quick days, the calendar or typed), the
time (3: slots or typed), the confirm screen (4); or the client's refusal with its reason."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from aiogram.fsm.state import State
from aiogram_dialog import Dialog, DialogManager, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Group, Row
from aiogram_dialog.widgets.text import Format

from dialogs.approval import getters, handlers
from dialogs.approval.calendar import ShopCalendar
from dialogs.approval.data import CALENDAR_DAYS_AHEAD
from dialogs.approval.states import ApprovalSG
from dialogs.kit.choices import choices
from dialogs.kit.close import closed_window
from dialogs.kit.stage import Deps, keep_start_data
from dialogs.kit.text import Fluent

# Widget ids start with "w": see dialogs/parts_walk/dialog.py.
_PER_ROW = 5


def _nav(*, back: bool = True) -> Row:
    cancel = Button(Fluent("dialog-btn-cancel", raw=True), id="wx", on_click=handlers.cancel)
    if not back:
        return Row(cancel)
    return Row(Button(Fluent("dialog-btn-back", raw=True), id="wb", on_click=handlers.back), cancel)


def _window(state: State, getter: Callable[..., Any], *widgets: Any) -> Window:
    return Window(Format("{text}"), *widgets, getter=getter, state=state)


def _today(manager: DialogManager) -> date:
    return Deps(manager).today()


def build() -> Dialog:
    return Dialog(
        _window(
            ApprovalSG.decision,
            getters.summary,
            Row(
                Button(Fluent("approval-btn-agreed", raw=True), id="wy", on_click=handlers.agreed),
                Button(
                    Fluent("approval-btn-refused", raw=True),
                    id="wn",
                    on_click=handlers.refused_by_client,
                ),
            ),
            _nav(back=False),
            MessageInput(handlers.use_buttons),
        ),
        _window(
            ApprovalSG.date,
            getters.day,
            Row(choices("wq", "quick", handlers.quick_day)),
            ShopCalendar(handlers.CALENDAR, handlers.calendar_day, _today, CALENDAR_DAYS_AHEAD),
            _nav(),
            MessageInput(handlers.date_typed),
        ),
        _window(
            ApprovalSG.time,
            getters.slot,
            Group(choices("ws", "slots", handlers.slot_picked), width=_PER_ROW),
            _nav(),
            MessageInput(handlers.time_typed),
        ),
        _window(
            ApprovalSG.confirm,
            getters.confirm,
            Button(Fluent("approval-btn-book", raw=True), id="wk", on_click=handlers.book),
            _nav(),
            MessageInput(handlers.use_buttons),
        ),
        _window(
            ApprovalSG.refuse,
            getters.refuse,
            Row(choices("wr", "reasons", handlers.reason_picked)),
            _nav(),
            MessageInput(handlers.reason_typed),
        ),
        closed_window(ApprovalSG.closed),
        on_start=keep_start_data,
    )
