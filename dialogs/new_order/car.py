"""Step 3: the car, by VIN or plate (or one tap on the client's car), and whose it is."""

from __future__ import annotations

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Select

from dialogs.new_order.car_input import parse_car_ids, parse_make_model
from dialogs.new_order.data import CarChoice, Draft, begin
from dialogs.new_order.flow import go, l10n_of
from dialogs.new_order.getters import DRIVER_NOTES
from dialogs.new_order.render import car_text, resolution_label
from dialogs.new_order.states import NewOrderSG as SG
from services.clients import UNSAVED_CLIENT, Answer, CarResolution, CarResolver, ResolutionKind
from services.errors import DomainError

MAX_NOTE = 64


async def car_typed(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    draft = begin(manager)
    deps = manager.middleware_data
    try:
        vin, plate = parse_car_ids(message.text or "")
        found = await CarResolver(deps["session"], deps["clock"]).resolve(
            draft.client_id or UNSAVED_CLIENT, vin=vin, plate=plate
        )
    except DomainError as error:
        await go(manager, draft, SG.car, notice=l10n_of(manager)(error.key, **error.params))
        return
    draft.car = CarChoice(label=resolution_label(found), resolution=found.to_dict())
    if found.kind is ResolutionKind.EXISTING_OWNED:
        draft.car.answer = Answer.USE.value
        await go(manager, draft, SG.complaint)
    elif found.kind is not ResolutionKind.NOT_FOUND:
        await go(manager, draft, SG.car_whose)
    elif found.vin and found.make and found.model:
        # The VIN told all we ask: no question, the screen shows what it decoded to.
        draft.car.answer = Answer.CREATE.value
        await go(manager, draft, SG.complaint)
    else:
        await go(manager, draft, SG.car_model)


async def whose_answered(query: CallbackQuery, button: Button, manager: DialogManager) -> None:
    """The widget id names the answer: wo (owner or owner changed), wd (driver), wn (new)."""
    draft = begin(manager)
    assert draft.car is not None
    found = draft.car.found()
    answer = _WHOSE[button.widget_id or ""]
    if answer not in found.answers:
        return
    if answer is Answer.DRIVER:
        await go(manager, draft, SG.car_driver)
        return
    if answer is Answer.CREATE:
        # Same plate, another car: a new one, known by its plate only.
        fresh = CarResolution(kind=ResolutionKind.NOT_FOUND, vin=found.vin, plate=found.plate)
        draft.car = CarChoice(label=resolution_label(fresh), resolution=found.to_dict())
        await go(manager, draft, SG.car_model)
        return
    draft.car.answer = answer.value
    await go(manager, draft, SG.complaint)


_WHOSE = {"wo": Answer.OWNER_CHANGED, "wd": Answer.DRIVER, "wn": Answer.CREATE}


async def note_typed(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    draft = begin(manager)
    note = " ".join((message.text or "").split())
    if not note or len(note) > MAX_NOTE:
        notice = l10n_of(manager)("new-order-error-note", limit=MAX_NOTE)
        await go(manager, draft, SG.car_driver, notice=notice)
        return
    await _driver(manager, draft, note)


async def note_picked(
    query: CallbackQuery, widget: Select[str], manager: DialogManager, value: str
) -> None:
    key = DRIVER_NOTES.get(value)
    await _driver(manager, begin(manager), l10n_of(manager).raw(key) if key else None)


async def no_note(query: CallbackQuery, button: Button, manager: DialogManager) -> None:
    await _driver(manager, begin(manager), None)


async def _driver(manager: DialogManager, draft: Draft, note: str | None) -> None:
    assert draft.car is not None
    draft.car.answer, draft.car.note = Answer.DRIVER.value, note
    await go(manager, draft, SG.complaint)


async def model_typed(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    draft = begin(manager)
    make, model, year = parse_make_model(message.text or "", manager.middleware_data["clock"]())
    if make is None:
        notice = l10n_of(manager)("new-order-error-model")
        await go(manager, draft, SG.car_model, notice=notice)
        return
    await _create(manager, draft, make, model, year)


async def model_skipped(query: CallbackQuery, button: Button, manager: DialogManager) -> None:
    await _create(manager, begin(manager), None, None, None)


async def _create(
    manager: DialogManager, draft: Draft, make: str | None, model: str | None, year: int | None
) -> None:
    car = draft.car
    assert car is not None
    found = car.found()
    # Typed details win; what the VIN decodes to fills the rest (as CarService will).
    decoded = (
        (found.make, found.model, found.year)
        if found.kind is ResolutionKind.NOT_FOUND
        else (None, None, None)
    )
    shown = (make or decoded[0], model or decoded[1], year or decoded[2])
    car.answer, car.make, car.model, car.year = Answer.CREATE.value, make, model, year
    car.label = car_text(*shown, found.plate, found.vin)
    await go(manager, draft, SG.complaint)
