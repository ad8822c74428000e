"""Step 3: the car, by VIN or plate (or one tap on the client's car), and whose it is."""

from __future__ import annotations

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import PickCallback
from bot.i18n import L10n
from dialogs.new_order import data as d
from dialogs.new_order.car_input import parse_car_ids, parse_make_model
from dialogs.new_order.render import car_text, resolution_label
from dialogs.new_order.screens import DRIVER_NOTES, goto
from dialogs.new_order.states import NewOrderSG as SG
from services.clients import UNSAVED_CLIENT, Answer, CarResolution, CarResolver, ResolutionKind
from services.clock import Clock
from services.errors import DomainError

MAX_NOTE = 64


async def car_typed(
    message: Message, state: FSMContext, l10n: L10n, session: AsyncSession, clock: Clock
) -> None:
    data = await state.get_data()
    try:
        vin, plate = parse_car_ids(message.text or "")
        found = await CarResolver(session, clock).resolve(
            data.get(d.CLIENT_ID) or UNSAVED_CLIENT, vin=vin, plate=plate
        )
    except DomainError as error:
        await goto(message, state, l10n, SG.car, notice=l10n(error.key, **error.params))
        return
    car = {"label": resolution_label(found), "resolution": found.to_dict(), "answer": None}
    if found.kind is ResolutionKind.EXISTING_OWNED:
        car["answer"] = Answer.USE.value
        await d.change(state, **{d.CAR: car})
        await goto(message, state, l10n, SG.complaint)
    elif found.kind is not ResolutionKind.NOT_FOUND:
        await d.change(state, **{d.CAR: car})
        await goto(message, state, l10n, SG.car_whose)
    elif found.vin and found.make and found.model:
        # The VIN told all we ask: no question, the screen shows what it decoded to.
        car["answer"] = Answer.CREATE.value
        await d.change(state, **{d.CAR: car})
        await goto(message, state, l10n, SG.complaint)
    else:
        await d.change(state, **{d.CAR: car})
        await goto(message, state, l10n, SG.car_model)


async def whose_answered(
    query: CallbackQuery, callback_data: PickCallback, state: FSMContext, l10n: L10n
) -> None:
    data = await state.get_data()
    found = d.resolution(data)
    answer = Answer(callback_data.value)
    if answer not in found.answers:
        await query.answer()
        return
    if answer is Answer.DRIVER:
        await goto(query, state, l10n, SG.car_driver)
        return
    if answer is Answer.CREATE:
        # Same plate, another car: a new one, known by its plate only.
        fresh = CarResolution(kind=ResolutionKind.NOT_FOUND, vin=found.vin, plate=found.plate)
        car = {"label": resolution_label(fresh), "resolution": found.to_dict(), "answer": None}
        await d.change(state, **{d.CAR: car})
        await goto(query, state, l10n, SG.car_model)
        return
    await d.change(state, **{d.CAR: {**data[d.CAR], "answer": answer.value}})
    await goto(query, state, l10n, SG.complaint)


async def note_typed(message: Message, state: FSMContext, l10n: L10n) -> None:
    note = " ".join((message.text or "").split())
    if not note or len(note) > MAX_NOTE:
        notice = l10n("new-order-error-note", limit=MAX_NOTE)
        await goto(message, state, l10n, SG.car_driver, notice=notice)
        return
    await _driver(message, state, l10n, note)


async def note_picked(
    query: CallbackQuery, callback_data: PickCallback, state: FSMContext, l10n: L10n
) -> None:
    key = DRIVER_NOTES.get(callback_data.value)
    await _driver(query, state, l10n, l10n.raw(key) if key else None)


async def _driver(
    event: Message | CallbackQuery, state: FSMContext, l10n: L10n, note: str | None
) -> None:
    data = await state.get_data()
    car = {**data[d.CAR], "answer": Answer.DRIVER.value, "note": note}
    await d.change(state, **{d.CAR: car})
    await goto(event, state, l10n, SG.complaint)


async def model_typed(message: Message, state: FSMContext, l10n: L10n, clock: Clock) -> None:
    make, model, year = parse_make_model(message.text or "", clock())
    if make is None:
        await goto(message, state, l10n, SG.car_model, notice=l10n("new-order-error-model"))
        return
    await _create(message, state, l10n, make, model, year)


async def model_skipped(query: CallbackQuery, state: FSMContext, l10n: L10n) -> None:
    await _create(query, state, l10n, None, None, None)


async def _create(
    event: Message | CallbackQuery,
    state: FSMContext,
    l10n: L10n,
    make: str | None,
    model: str | None,
    year: int | None,
) -> None:
    data = await state.get_data()
    found = d.resolution(data)
    vin, plate = found.vin, found.plate
    # Typed details win; what the VIN decodes to fills the rest (as CarService will).
    decoded = (
        (found.make, found.model, found.year)
        if found.kind is ResolutionKind.NOT_FOUND
        else (None, None, None)
    )
    shown = (make or decoded[0], model or decoded[1], year or decoded[2])
    car = {
        **data[d.CAR],
        "answer": Answer.CREATE.value,
        "make": make,
        "model": model,
        "year": year,
        "label": car_text(*shown, plate, vin),
    }
    await d.change(state, **{d.CAR: car})
    await goto(event, state, l10n, SG.complaint)
