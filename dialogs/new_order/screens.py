"""One screen per step, drawn from FSM data alone, so «◀️ Назад» can redraw any of them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import L10n
from dialogs.common.screen import Event, keyboard, nav_button, nav_row, pick_button, show
from dialogs.new_order import data as d
from dialogs.new_order import render
from dialogs.new_order.states import STEP_OF, NewOrderSG
from services.clients import Answer, ResolutionKind
from services.normalize import format_phone

Screen = tuple[str, InlineKeyboardMarkup]
Rows = list[list[InlineKeyboardButton]]

# Driver notes offered as buttons; the label is stored as the note, in the master's language.
DRIVER_NOTES = {
    "son": "new-order-note-son",
    "daughter": "new-order-note-daughter",
    "spouse": "new-order-note-spouse",
    "brother": "new-order-note-brother",
    "proxy": "new-order-note-proxy",
}
KEEP = "keep"  # PickCallback field of «➡️ Оставить как есть»


def _keep(l10n: L10n) -> list[InlineKeyboardButton]:
    return [pick_button(l10n.raw("new-order-btn-keep"), KEEP, "1")]


def _screen(l10n: L10n, step: int, body: list[str], *rows: list[InlineKeyboardButton]) -> Screen:
    text = "\n".join([render.title(l10n, step), *body])
    return text, keyboard(*rows)


def phone(l10n: L10n, data: dict[str, Any]) -> Screen:
    body = [l10n("new-order-ask-phone")]
    keep: list[InlineKeyboardButton] = []
    if data.get(d.PHONE):
        body.append(l10n("new-order-current", value=format_phone(data[d.PHONE])))
        keep = _keep(l10n)
    return _screen(l10n, 1, body, keep, nav_row(l10n, back=False))


def client_found(l10n: L10n, data: dict[str, Any]) -> Screen:
    body = [l10n("new-order-client-found"), render.client_line(l10n, data)]
    cars = data.get(d.CARS, [])
    rows: Rows = [[pick_button(f"🚗 {label}", "car", str(car_id))] for car_id, label in cars]
    if cars:
        body.append(l10n("new-order-client-pick-car"))
        same = l10n.raw("new-order-btn-same-other-car")
    else:
        same = l10n.raw("new-order-btn-same")
    rows.append([pick_button(same, "client", "same")])
    rows.append([pick_button(l10n.raw("new-order-btn-other-client"), "client", "other")])
    return _screen(l10n, 2, body, *rows, nav_row(l10n))


def client_name(l10n: L10n, data: dict[str, Any]) -> Screen:
    body = [
        l10n("new-order-client-not-found", phone=format_phone(data[d.PHONE])),
        l10n("new-order-ask-name"),
    ]
    keep: list[InlineKeyboardButton] = []
    if d.CLIENT_NAME in data:
        name = data[d.CLIENT_NAME] or l10n.raw("new-order-no-name")
        body.append(l10n("new-order-current", value=name))
        keep = _keep(l10n)
    no_name = [pick_button(l10n.raw("new-order-btn-no-name"), "name", "none")]
    return _screen(l10n, 2, body, no_name, keep, nav_row(l10n))


def car(l10n: L10n, data: dict[str, Any]) -> Screen:
    body = [render.client_line(l10n, data), l10n("new-order-ask-car")]
    rows: Rows = [
        [pick_button(f"🚗 {label}", "car", str(car_id))] for car_id, label in data.get(d.CARS, [])
    ]
    if rows:
        body.append(l10n("new-order-ask-car-pick"))
    if d.car_ready(data):
        body.append(l10n("new-order-current", value=data[d.CAR]["label"]))
        rows.append(_keep(l10n))
    return _screen(l10n, 3, body, *rows, nav_row(l10n))


def car_whose(l10n: L10n, data: dict[str, Any]) -> Screen:
    found = d.resolution(data)
    label = data[d.CAR]["label"]
    if found.kind is ResolutionKind.BELONGS_TO_OTHER:
        body = [
            l10n(
                "new-order-car-other",
                car=label,
                name=found.other_client_name or l10n.raw("new-order-no-name"),
                phone=found.other_client_phone_masked or "—",
            )
        ]
        owner = l10n.raw("new-order-btn-owner-changed")
    else:
        body = [l10n("new-order-car-unclaimed", car=label)]
        owner = l10n.raw("new-order-btn-owner")
    body.append(l10n("new-order-ask-whose"))
    rows: Rows = [
        [pick_button(owner, "whose", Answer.OWNER_CHANGED.value)],
        [pick_button(l10n.raw("new-order-btn-driver"), "whose", Answer.DRIVER.value)],
    ]
    if Answer.CREATE in found.answers:
        rows.append(
            [pick_button(l10n.raw("new-order-btn-other-car"), "whose", Answer.CREATE.value)]
        )
    return _screen(l10n, 3, body, *rows, nav_row(l10n))


def car_driver(l10n: L10n, data: dict[str, Any]) -> Screen:
    body = [l10n("new-order-ask-driver-note", car=data[d.CAR]["label"])]
    notes = [pick_button(l10n.raw(key), "note", code) for code, key in DRIVER_NOTES.items()]
    none = [pick_button(l10n.raw("new-order-btn-no-note"), "note", "-")]
    return _screen(l10n, 3, body, notes[:3], notes[3:], none, nav_row(l10n))


def car_model(l10n: L10n, data: dict[str, Any]) -> Screen:
    found = d.resolution(data)
    ident = found.vin or found.plate or "—"
    body = [l10n("new-order-car-new", ident=ident)]
    if found.kind is ResolutionKind.NOT_FOUND and found.make:
        decoded = render.car_text(found.make, found.model, found.year, None, None)
        body.append(l10n("new-order-car-decoded", car=decoded))
    body.append(l10n("new-order-ask-model"))
    skip = [pick_button(l10n.raw("new-order-btn-skip"), "model", "-")]
    return _screen(l10n, 3, body, skip, nav_row(l10n))


def complaint(l10n: L10n, data: dict[str, Any]) -> Screen:
    body = [render.car_line(l10n, data), l10n("new-order-ask-complaint")]
    keep: list[InlineKeyboardButton] = []
    if data.get(d.COMPLAINT):
        body.append(l10n("new-order-current", value=data[d.COMPLAINT]))
        keep = _keep(l10n)
    return _screen(l10n, 4, body, keep, nav_row(l10n))


def parts(l10n: L10n, data: dict[str, Any]) -> Screen:
    lines = render.part_lines(l10n, data)
    if not lines:
        body = [l10n("new-order-ask-parts")]
        done = [nav_button(l10n.raw("new-order-btn-no-parts"), "done")]
        return _screen(l10n, 5, body, done, nav_row(l10n))
    body = [l10n("new-order-parts-head", count=len(lines)), *lines, l10n("new-order-parts-more")]
    buttons = []
    for n in range(1, len(lines) + 1):
        buttons.append(pick_button(l10n.raw("new-order-btn-edit", n=n), "edit", str(n)))
        buttons.append(pick_button(l10n.raw("new-order-btn-remove", n=n), "del", str(n)))
    rows: Rows = [buttons[i : i + 4] for i in range(0, len(buttons), 4)]
    rows.append(
        [
            pick_button(l10n.raw("new-order-btn-more"), "more", "1"),
            nav_button(l10n.raw("new-order-btn-done"), "done"),
        ]
    )
    return _screen(l10n, 5, body, *rows, nav_row(l10n))


def part_edit(l10n: L10n, data: dict[str, Any]) -> Screen:
    index = data[d.EDITING]
    line = render.part_lines(l10n, data)[index]
    body = [l10n("new-order-ask-part-edit", part=line)]
    return _screen(l10n, 5, body, nav_row(l10n))


def media(l10n: L10n, data: dict[str, Any]) -> Screen:
    body = [l10n("new-order-ask-media")]
    if data.get(d.MEDIA):
        body.append(render.media_line(l10n, data))
        done = [nav_button(l10n.raw("new-order-btn-done"), "done")]
    else:
        done = [nav_button(l10n.raw("new-order-btn-skip"), "done")]
    return _screen(l10n, 6, body, done, nav_row(l10n))


def summary(l10n: L10n, data: dict[str, Any]) -> Screen:
    save = [nav_button(l10n.raw("new-order-btn-save"), "confirm")]
    return _screen(l10n, 7, [render.summary(l10n, data)], save, nav_row(l10n))


SCREENS: dict[str, Callable[[L10n, dict[str, Any]], Screen]] = {
    NewOrderSG.phone.state: phone,
    NewOrderSG.client_found.state: client_found,
    NewOrderSG.client_name.state: client_name,
    NewOrderSG.car.state: car,
    NewOrderSG.car_whose.state: car_whose,
    NewOrderSG.car_driver.state: car_driver,
    NewOrderSG.car_model.state: car_model,
    NewOrderSG.complaint.state: complaint,
    NewOrderSG.parts.state: parts,
    NewOrderSG.part_edit.state: part_edit,
    NewOrderSG.media.state: media,
    NewOrderSG.summary.state: summary,
}
assert SCREENS.keys() == STEP_OF.keys()


async def goto(
    event: Event, state: FSMContext, l10n: L10n, target: State, *, notice: str | None = None
) -> None:
    """Enter a step and draw its screen; `notice` (an error, a hint) goes above the question."""
    await state.set_state(target)
    text, markup = SCREENS[target.state](l10n, await state.get_data())
    if notice:
        head, _, question = text.partition("\n")
        text = f"{head}\n{notice}\n\n{question}"
    await show(event, state, text, markup)
