"""Steps 1–2: the client's phone, then the client found by it or a new one's name."""

from __future__ import annotations

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import PickCallback
from bot.i18n import L10n
from dialogs.common.screen import SCREEN_KEY
from dialogs.new_order import data as d
from dialogs.new_order.lookup import find_client
from dialogs.new_order.screens import goto
from dialogs.new_order.states import NewOrderSG as SG
from services.normalize import NormalizeError, normalize_phone

MAX_NAME = 200


async def start(message: Message, state: FSMContext, l10n: L10n) -> None:
    # A fresh draft; the old screen id stays so its buttons are taken off.
    screen = (await state.get_data()).get(SCREEN_KEY)
    await state.set_data({SCREEN_KEY: screen} if screen else {})
    await goto(message, state, l10n, SG.phone)


async def phone_typed(
    message: Message, state: FSMContext, l10n: L10n, session: AsyncSession
) -> None:
    try:
        phone = normalize_phone(message.text or "")
    except NormalizeError as error:
        await goto(message, state, l10n, SG.phone, notice=l10n(error.key, **error.params))
        return
    data = await state.get_data()
    if phone == data.get(d.PHONE) and d.CLIENT_NEW in data:
        # The same number again: keep the client and car already chosen.
        await goto(message, state, l10n, SG.client_name if data[d.CLIENT_NEW] else SG.client_found)
        return
    found = await find_client(session, phone)
    if found is None:
        await d.change(state, drop=d.CLIENT_KEYS, **{d.PHONE: phone, d.CLIENT_NEW: True})
        await goto(message, state, l10n, SG.client_name)
        return
    await d.change(
        state,
        drop=d.CLIENT_KEYS,
        **{
            d.PHONE: phone,
            d.CLIENT_NEW: False,
            d.CLIENT_ID: found.id,
            d.CLIENT_NAME: found.name,
            d.CARS: found.cars,
        },
    )
    await goto(message, state, l10n, SG.client_found)


async def client_answered(
    query: CallbackQuery, callback_data: PickCallback, state: FSMContext, l10n: L10n
) -> None:
    if callback_data.value == "same":
        await goto(query, state, l10n, SG.car)
        return
    # The number is this client's; another person needs another number (one number, one client).
    data = await state.get_data()
    name = data.get(d.CLIENT_NAME) or l10n.raw("new-order-no-name")
    await d.change(state, drop=(d.PHONE, *d.CLIENT_KEYS))
    await goto(query, state, l10n, SG.phone, notice=l10n("new-order-other-client", name=name))


async def car_picked(
    query: CallbackQuery, callback_data: PickCallback, state: FSMContext, l10n: L10n
) -> None:
    """One tap on the client's car: client confirmed and car chosen at once."""
    data = await state.get_data()
    labels = {str(car_id): label for car_id, label in data.get(d.CARS, [])}
    label = labels.get(callback_data.value)
    if label is None:
        await query.answer()
        return
    await d.change(state, **{d.CAR: {"car_id": int(callback_data.value), "label": label}})
    await goto(query, state, l10n, SG.complaint)


async def name_typed(message: Message, state: FSMContext, l10n: L10n) -> None:
    name = " ".join((message.text or "").split())
    if len(name) > MAX_NAME:
        notice = l10n("new-order-error-name-long", limit=MAX_NAME)
        await goto(message, state, l10n, SG.client_name, notice=notice)
        return
    await d.change(state, **{d.CLIENT_NAME: name or None})
    await goto(message, state, l10n, SG.car)


async def no_name(query: CallbackQuery, state: FSMContext, l10n: L10n) -> None:
    await d.change(state, **{d.CLIENT_NAME: None})
    await goto(query, state, l10n, SG.car)
