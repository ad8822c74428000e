"""Step 7: «✅ Сохранить» — the client, the car answer and the order, in one transaction.

`OrderService.take_in` saves them together or not at all: when a part is refused (the number
taken meanwhile, the car moved), nothing is saved, and the master fixes that step and saves
again.
"""

from __future__ import annotations

from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery

from bot.i18n import L10n
from bot.notify import Notifier
from bot.render.orders import stage_label
from dialogs.common.screen import close
from dialogs.new_order import data as d
from dialogs.new_order.screens import goto
from dialogs.new_order.states import NewOrderSG as SG
from services.clients import Answer, CarAnswer
from services.errors import DomainError, StaleAction
from services.orders import NewClient, OrderService
from services.storage.models import Employee


def _client(data: dict[str, Any]) -> int | NewClient:
    if data.get(d.CLIENT_ID) is not None:
        return int(data[d.CLIENT_ID])
    return NewClient(data.get(d.CLIENT_NAME), data[d.PHONE])


def _car(data: dict[str, Any]) -> int | CarAnswer:
    car = data[d.CAR]
    if car.get("car_id") is not None:
        return int(car["car_id"])
    return CarAnswer(
        d.resolution(data),
        Answer(car["answer"]),
        note=car.get("note"),
        make=car.get("make"),
        model=car.get("model"),
        year=car.get("year"),
    )


async def save(
    query: CallbackQuery,
    state: FSMContext,
    l10n: L10n,
    orders: OrderService,
    notifier: Notifier,
    employee: Employee,
) -> None:
    data = await state.get_data()
    try:
        result = await orders.take_in(
            employee,
            client=_client(data),
            car=_car(data),
            complaint=data[d.COMPLAINT],
            parts=d.parts(data),
            media=d.media(data),
        )
    except StaleAction as error:
        # The car changed hands meanwhile: ask again from the car step.
        await d.change(state, drop=(d.CAR,))
        await goto(query, state, l10n, SG.car, notice=l10n(error.key, **error.params))
        return
    except DomainError as error:
        await goto(query, state, l10n, SG.summary, notice=l10n(error.key, **error.params))
        return
    order = result.order
    text = l10n(
        "new-order-saved",
        order_id=str(order.id),
        stage=order.stage,
        stage_label=stage_label(l10n, order.stage),
    )
    await close(query, state, text)
    await notifier.deliver(result.notices)
