"""Step 7: «✅ Сохранить» — the client, the car answer and the order, in that order.

Each service commits its own change. What is saved is remembered in FSM data (the new
client's id, the car's id), so when a later part is refused the master fixes that step and
saves again without creating the client or the car twice.
"""

from __future__ import annotations

from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import L10n
from bot.notify import Notifier
from bot.render.orders import stage_label
from dialogs.common.screen import close
from dialogs.new_order import data as d
from dialogs.new_order.screens import goto
from dialogs.new_order.states import NewOrderSG as SG
from services.clients import Answer, CarResolver, ClientService
from services.clock import Clock
from services.errors import DomainError, StaleAction
from services.orders import OrderService
from services.storage.models import Employee


async def _client_id(
    state: FSMContext, data: dict[str, Any], session: AsyncSession, clock: Clock, actor: Employee
) -> int:
    if data.get(d.CLIENT_ID) is not None:
        return int(data[d.CLIENT_ID])
    client = await ClientService(session, clock).create(
        data.get(d.CLIENT_NAME), data[d.PHONE], actor=actor
    )
    await d.change(state, **{d.CLIENT_ID: client.id})
    return client.id


async def _car_id(
    state: FSMContext,
    data: dict[str, Any],
    client_id: int,
    session: AsyncSession,
    clock: Clock,
    actor: Employee,
) -> int:
    car = data[d.CAR]
    if car.get("car_id") is not None:
        return int(car["car_id"])
    saved = await CarResolver(session, clock).apply(
        d.resolution(data),
        client_id,
        Answer(car["answer"]),
        note=car.get("note"),
        make=car.get("make"),
        model=car.get("model"),
        year=car.get("year"),
        actor=actor,
    )
    await d.change(state, **{d.CAR: {**car, "car_id": saved.id}})
    return saved.id


async def save(
    query: CallbackQuery,
    state: FSMContext,
    l10n: L10n,
    session: AsyncSession,
    clock: Clock,
    orders: OrderService,
    notifier: Notifier,
    employee: Employee,
) -> None:
    data = await state.get_data()
    try:
        client_id = await _client_id(state, data, session, clock, employee)
        car_id = await _car_id(state, data, client_id, session, clock, employee)
    except StaleAction as error:
        # The car changed hands meanwhile: ask again from the car step.
        await d.change(state, drop=(d.CAR,))
        await goto(query, state, l10n, SG.car, notice=l10n(error.key, **error.params))
        return
    except DomainError as error:
        await goto(query, state, l10n, SG.summary, notice=l10n(error.key, **error.params))
        return
    try:
        result = await orders.create_order(
            employee,
            client_id=client_id,
            car_id=car_id,
            complaint=data[d.COMPLAINT],
            parts=d.parts(data),
            media=d.media(data),
        )
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
