"""Step 7: «✅ Сохранить» — the client, the car answer and the order, in one transaction.

`use_cases.take_in` saves them together or not at all: when a part is refused (the number
taken meanwhile, the car moved), nothing is saved, and the master fixes that step and saves
again.
"""

from __future__ import annotations

from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.kbd import Button

from bot.render.orders import stage_label
from dialogs.kit.close import close
from dialogs.new_order.data import Draft, begin
from dialogs.new_order.flow import go, l10n_of
from dialogs.new_order.states import NewOrderSG as SG
from services.clients import Answer, CarAnswer
from services.errors import DomainError, StaleAction
from services.orders import NewClient
from services.orders.use_cases import take_in


def _client(draft: Draft) -> int | NewClient:
    if draft.client_id is not None:
        return draft.client_id
    assert draft.phone is not None
    return NewClient(draft.client_name, draft.phone)


def _car(draft: Draft) -> int | CarAnswer:
    car = draft.car
    assert car is not None and car.ready
    if car.car_id is not None:
        return car.car_id
    return CarAnswer(
        car.found(),
        Answer(car.answer),
        note=car.note,
        make=car.make,
        model=car.model,
        year=car.year,
    )


async def save(query: CallbackQuery, button: Button, manager: DialogManager) -> None:
    draft, l10n, deps = begin(manager), l10n_of(manager), manager.middleware_data
    try:
        result = await take_in(
            deps["order_work"],
            deps["employee"],
            client=_client(draft),
            car=_car(draft),
            complaint=draft.complaint,
            parts=draft.part_inputs(),
            media=draft.media_inputs(),
        )
    except StaleAction as error:
        # The car changed hands meanwhile: ask again from the car step.
        draft.car = None
        await go(manager, draft, SG.car, notice=l10n(error.key, **error.params))
        return
    except DomainError as error:
        await go(manager, draft, SG.summary, notice=l10n(error.key, **error.params))
        return
    order = result.order
    text = l10n(
        "new-order-saved",
        order_id=str(order.id),
        stage=order.stage,
        stage_label=stage_label(l10n, order.stage),
    )
    await close(manager, SG.closed, text)
    await deps["notifier"].deliver(result.notices)
