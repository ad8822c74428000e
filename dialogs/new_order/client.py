"""Steps 1–2: the client's phone, then the client found by it or a new one's name."""

from __future__ import annotations

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Select

from dialogs.kit.over import open_alone
from dialogs.new_order.data import KEY, CarChoice, Draft, begin
from dialogs.new_order.flow import go, l10n_of
from dialogs.new_order.lookup import find_client
from dialogs.new_order.states import NewOrderSG as SG
from services.normalize import NormalizeError, normalize_phone

MAX_NAME = 200


async def start(message: Message, state: FSMContext, dialog_manager: DialogManager) -> None:
    """From the menu, mid-anything: a fresh draft on a fresh stack, so no older dialog waits
    below it for the next typed text."""
    await open_alone(dialog_manager, state, SG.phone, {KEY: Draft().model_dump(mode="json")})


async def keep_start_data(start_data: object, manager: DialogManager) -> None:
    assert isinstance(start_data, dict)
    manager.dialog_data.update(start_data)


async def phone_typed(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    draft = begin(manager)
    try:
        phone = normalize_phone(message.text or "")
    except NormalizeError as error:
        await go(manager, draft, SG.phone, notice=l10n_of(manager)(error.key, **error.params))
        return
    if phone == draft.phone and draft.client_new is not None:
        # The same number again: keep the client and car already chosen.
        await go(manager, draft, SG.client_name if draft.client_new else SG.client_found)
        return
    found = await find_client(manager.middleware_data["session"], phone)
    draft.forget_client()
    draft.phone = phone
    if found is None:
        draft.client_new = True
        await go(manager, draft, SG.client_name)
        return
    draft.client_new, draft.client_id, draft.client_name = False, found.id, found.name
    draft.name_answered = True
    draft.cars = [(int(car_id), str(label)) for car_id, label in found.cars]
    await go(manager, draft, SG.client_found)


async def same_client(query: CallbackQuery, button: Button, manager: DialogManager) -> None:
    await go(manager, begin(manager), SG.car)


async def other_client(query: CallbackQuery, button: Button, manager: DialogManager) -> None:
    # The number is this client's; another person needs another number (one number, one client).
    draft, l10n = begin(manager), l10n_of(manager)
    name = draft.client_name or l10n.raw("new-order-no-name")
    draft.forget_client()
    draft.phone = None
    await go(manager, draft, SG.phone, notice=l10n("new-order-other-client", name=name))


async def car_picked(
    query: CallbackQuery, widget: Select[str], manager: DialogManager, value: str
) -> None:
    """One tap on the client's car: client confirmed and car chosen at once."""
    draft = begin(manager)
    labels = {str(car_id): label for car_id, label in draft.cars}
    label = labels.get(value)
    if label is None:
        return  # a forged button: the screen is drawn again
    draft.car = CarChoice(car_id=int(value), label=label)
    await go(manager, draft, SG.complaint)


async def name_typed(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    draft = begin(manager)
    name = " ".join((message.text or "").split())
    if len(name) > MAX_NAME:
        notice = l10n_of(manager)("new-order-error-name-long", limit=MAX_NAME)
        await go(manager, draft, SG.client_name, notice=notice)
        return
    await _named(manager, draft, name or None)


async def no_name(query: CallbackQuery, button: Button, manager: DialogManager) -> None:
    await _named(manager, begin(manager), None)


async def _named(manager: DialogManager, draft: Draft, name: str | None) -> None:
    draft.client_name, draft.name_answered = name, True
    await go(manager, draft, SG.car)
