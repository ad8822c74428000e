"""The seven steps as windows: a getter draws each screen from the Draft, widgets its buttons.

Widget ids start with "w" (see dialogs/parts_walk/dialog.py)."""

from __future__ import annotations

from operator import itemgetter

from aiogram_dialog import Dialog, Window
from aiogram_dialog.widgets.kbd import Button, Column, Group, Row, Select
from aiogram_dialog.widgets.text import Format, Multi

from dialogs.kit.stray import Stray
from dialogs.kit.text import Fluent
from dialogs.new_order import car, client, details, flow, getters, saving
from dialogs.new_order.media import answer
from dialogs.new_order.states import NewOrderSG as SG


def _nav(*, back: bool = True) -> Group:
    """«◀️ Назад» «✖️ Отмена», last in every step, with the taps of the other steps' buttons."""
    cancel = Button(Fluent("dialog-btn-cancel", raw=True), id="wx", on_click=flow.cancel)
    if not back:
        return Group(Row(cancel), Stray())
    back_button = Button(Fluent("dialog-btn-back", raw=True), id="wb", on_click=flow.back)
    return Group(Row(back_button, cancel), Stray())


def _keep() -> Button:
    return Button(Fluent("new-order-btn-keep", raw=True), id="wk", on_click=flow.keep, when="keep")


def _cars() -> Column:
    return Column(
        Select(
            Format("🚗 {item[0]}"),
            id="wc",
            item_id_getter=itemgetter(1),
            items="cars",
            on_click=client.car_picked,
        )
    )


def _client_windows() -> list[Window]:
    same = Multi(
        Fluent("new-order-btn-same-other-car", raw=True, when="has_cars"),
        Fluent("new-order-btn-same", raw=True, when="no_cars"),
    )
    other = Fluent("new-order-btn-other-client", raw=True)
    no_name = Fluent("new-order-btn-no-name", raw=True)
    return [
        Window(
            Format("{text}"),
            _keep(),
            _nav(back=False),
            answer(client.phone_typed),
            getter=getters.phone,
            state=SG.phone,
        ),
        Window(
            Format("{text}"),
            _cars(),
            Button(same, id="wy", on_click=client.same_client),
            Button(other, id="wz", on_click=client.other_client),
            _nav(),
            answer(),
            getter=getters.client_found,
            state=SG.client_found,
        ),
        Window(
            Format("{text}"),
            Button(no_name, id="wn", on_click=client.no_name),
            _keep(),
            _nav(),
            answer(client.name_typed),
            getter=getters.client_name,
            state=SG.client_name,
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
    notes = Select(
        Format("{item[0]}"),
        id="wt",
        item_id_getter=itemgetter(1),
        items="notes",
        on_click=car.note_picked,
    )
    no_note = Fluent("new-order-btn-no-note", raw=True)
    skip = Fluent("new-order-btn-skip", raw=True)
    return [
        Window(
            Format("{text}"),
            _cars(),
            _keep(),
            _nav(),
            answer(car.car_typed),
            getter=getters.car,
            state=SG.car,
        ),
        Window(
            Format("{text}"),
            *_whose(),
            _nav(),
            answer(),
            getter=getters.car_whose,
            state=SG.car_whose,
        ),
        Window(
            Format("{text}"),
            Group(notes, width=3),
            Button(no_note, id="wu", on_click=car.no_note),
            _nav(),
            answer(car.note_typed),
            getter=getters.car_driver,
            state=SG.car_driver,
        ),
        Window(
            Format("{text}"),
            Button(skip, id="wm", on_click=car.model_skipped),
            _nav(),
            answer(car.model_typed),
            getter=getters.car_model,
            state=SG.car_model,
        ),
    ]


def _parts_window() -> Window:
    edits = Select(
        Format("{item[0]}"),
        id="wp",
        item_id_getter=itemgetter(1),
        items="edits",
        on_click=details.part_picked,
    )
    no_parts = Fluent("new-order-btn-no-parts", raw=True)
    more = Fluent("new-order-btn-more", raw=True)
    done = Fluent("new-order-btn-done", raw=True)
    return Window(
        Format("{text}"),
        Button(no_parts, id="wg", on_click=details.parts_done, when="empty"),
        Group(edits, width=4),
        Row(
            Button(more, id="wa", on_click=details.more_parts),
            Button(done, id="wh", on_click=details.parts_done),
            when="listed",
        ),
        _nav(),
        answer(details.parts_typed, media=True),
        getter=getters.parts,
        state=SG.parts,
    )


def _end_windows() -> list[Window]:
    done = Multi(
        Fluent("new-order-btn-done", raw=True, when="some"),
        Fluent("new-order-btn-skip", raw=True, when="none"),
    )
    save = Fluent("new-order-btn-save", raw=True)
    return [
        Window(
            Format("{text}"),
            Button(done, id="wg", on_click=flow.to_summary),
            _nav(),
            answer(media=True),
            getter=getters.media,
            state=SG.media,
        ),
        Window(
            Format("{text}"),
            Button(save, id="wv", on_click=saving.save),
            _nav(),
            answer(),
            getter=getters.summary,
            state=SG.summary,
        ),
        Window(Format("{text}"), getter=getters.closed, state=SG.closed),
    ]


def build() -> Dialog:
    details_windows = [
        Window(
            Format("{text}"),
            _keep(),
            _nav(),
            answer(details.complaint_typed),
            getter=getters.complaint,
            state=SG.complaint,
        ),
        _parts_window(),
        Window(
            Format("{text}"),
            _nav(),
            answer(details.replacement_typed),
            getter=getters.part_edit,
            state=SG.part_edit,
        ),
    ]
    return Dialog(
        *_client_windows(),
        *_car_windows(),
        *details_windows,
        *_end_windows(),
        on_start=client.keep_start_data,
    )
