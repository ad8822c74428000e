"""The seven steps as windows: a getter draws each screen from the Draft, widgets its buttons.

Widget ids start with "w" (see dialogs/parts_walk/dialog.py)."""

from __future__ import annotations

from aiogram.fsm.state import State
from aiogram_dialog import Dialog, Window
from aiogram_dialog.api.internal import DataGetter
from aiogram_dialog.widgets.kbd import Button, Column, Group, Row
from aiogram_dialog.widgets.text import Format, Multi
from aiogram_dialog.widgets.utils import WidgetSrc

from dialogs.kit.choices import choices
from dialogs.kit.close import closed_window
from dialogs.kit.stray import Stray
from dialogs.kit.text import Fluent
from dialogs.new_order import car, client, details, flow, getters, saving
from dialogs.new_order.media import Typed, answer
from dialogs.new_order.states import NewOrderSG as SG


def _nav(*, back: bool = True) -> Group:
    """«◀️ Назад» «✖️ Отмена», last in every step, with the taps of the other steps' buttons."""
    cancel = Button(Fluent("dialog-btn-cancel", raw=True), id="wx", on_click=flow.cancel)
    if not back:
        return Group(Row(cancel), Stray())
    back_button = Button(Fluent("dialog-btn-back", raw=True), id="wb", on_click=flow.back)
    return Group(Row(back_button, cancel), Stray())


def _step(
    state: State,
    getter: DataGetter,
    *widgets: WidgetSrc,
    typed: Typed | None = None,
    media: bool = False,
    back: bool = True,
) -> Window:
    """A step's window: the getter's text, the step's own `widgets`, `_nav` last, and its
    message input (`answer`: typed text to `typed`, photos and videos where `media`)."""
    return Window(
        Format("{text}"),
        *widgets,
        _nav(back=back),
        answer(typed, media=media),
        getter=getter,
        state=state,
    )


def _keep() -> Button:
    return Button(Fluent("new-order-btn-keep", raw=True), id="wk", on_click=flow.keep, when="keep")


def _cars() -> Column:
    return Column(choices("wc", "cars", client.car_picked, "🚗 {item[0]}"))


def _client_windows() -> list[Window]:
    same = Multi(
        Fluent("new-order-btn-same-other-car", raw=True, when="has_cars"),
        Fluent("new-order-btn-same", raw=True, when="no_cars"),
    )
    other = Fluent("new-order-btn-other-client", raw=True)
    no_name = Fluent("new-order-btn-no-name", raw=True)
    return [
        _step(SG.phone, getters.phone, _keep(), typed=client.phone_typed, back=False),
        _step(
            SG.client_found,
            getters.client_found,
            _cars(),
            Button(same, id="wy", on_click=client.same_client),
            Button(other, id="wz", on_click=client.other_client),
        ),
        _step(
            SG.client_name,
            getters.client_name,
            Button(no_name, id="wn", on_click=client.no_name),
            _keep(),
            typed=client.name_typed,
        ),
    ]


def _whose() -> list[Button]:
    owner = Multi(
        Fluent("new-order-btn-owner-changed", raw=True, when="other"),
        Fluent("new-order-btn-owner", raw=True, when="unclaimed"),
    )
    driver = Fluent("new-order-btn-driver", raw=True)
    another = Fluent("new-order-btn-other-car", raw=True)
    return [
        Button(owner, id="wo", on_click=car.whose_answered),
        Button(driver, id="wd", on_click=car.whose_answered),
        Button(another, id="wn", on_click=car.whose_answered, when="another"),
    ]


def _car_windows() -> list[Window]:
    notes = choices("wt", "notes", car.note_picked)
    no_note = Fluent("new-order-btn-no-note", raw=True)
    skip = Fluent("new-order-btn-skip", raw=True)
    return [
        _step(SG.car, getters.car, _cars(), _keep(), typed=car.car_typed),
        _step(SG.car_whose, getters.car_whose, *_whose()),
        _step(
            SG.car_driver,
            getters.car_driver,
            Group(notes, width=3),
            Button(no_note, id="wu", on_click=car.no_note),
            typed=car.note_typed,
        ),
        _step(
            SG.car_model,
            getters.car_model,
            Button(skip, id="wm", on_click=car.model_skipped),
            typed=car.model_typed,
        ),
    ]


def _parts_window() -> Window:
    edits = choices("wp", "edits", details.part_picked)
    no_parts = Fluent("new-order-btn-no-parts", raw=True)
    more = Fluent("new-order-btn-more", raw=True)
    done = Fluent("new-order-btn-done", raw=True)
    return _step(
        SG.parts,
        getters.parts,
        Button(no_parts, id="wg", on_click=details.parts_done, when="empty"),
        Group(edits, width=4),
        Row(
            Button(more, id="wa", on_click=details.more_parts),
            Button(done, id="wh", on_click=details.parts_done),
            when="listed",
        ),
        typed=details.parts_typed,
        media=True,
    )


def _end_windows() -> list[Window]:
    done = Multi(
        Fluent("new-order-btn-done", raw=True, when="some"),
        Fluent("new-order-btn-skip", raw=True, when="none"),
    )
    save = Fluent("new-order-btn-save", raw=True)
    return [
        _step(SG.media, getters.media, Button(done, id="wg", on_click=flow.to_summary), media=True),
        _step(SG.summary, getters.summary, Button(save, id="wv", on_click=saving.save)),
        closed_window(SG.closed),
    ]


def build() -> Dialog:
    details_windows = [
        _step(SG.complaint, getters.complaint, _keep(), typed=details.complaint_typed),
        _parts_window(),
        _step(SG.part_edit, getters.part_edit, typed=details.replacement_typed),
    ]
    return Dialog(
        *_client_windows(),
        *_car_windows(),
        *details_windows,
        *_end_windows(),
        on_start=client.keep_start_data,
    )
