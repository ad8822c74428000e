"""Step 7: «✅ Сохранить» — the client, the car answer and the order, in that order.

Each service commits its own change. What is saved is remembered in FSM data (the new
client's id, the car's id), so when a later part is refused the master fixes that step and
saves again without creating the client or the car twice.

The client and car saved here are kept referenced until the order is saved: the session's
identity map holds objects weakly, and with them alive the car's and the order's checks that
they exist find them there instead of reading them (and the client's phones) again.
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
from services.storage.models import Car, Client, Employee


async def _client(
    state: FSMContext, data: dict[str, Any], session: AsyncSession, clock: Clock, actor: Employee
) -> Client | int:
    """The client created now, or the id of the one saved before."""
    if data.get(d.CLIENT_ID) is not None:
        return int(data[d.CLIENT_ID])
    client = await ClientService(session, clock).create(
        data.get(d.CLIENT_NAME), data[d.PHONE], actor=actor
    )
    await d.change(state, **{d.CLIENT_ID: client.id})
    return client


async def _car(
    state: FSMContext,
    data: dict[str, Any],
    client_id: int,
    session: AsyncSession,
    clock: Clock,
    actor: Employee,
) -> Car | int:
    """The car the master's answer made or chose now, or the id of the one saved before."""
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
    return saved


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
        client = await _client(state, data, session, clock, employee)
        client_id = client if isinstance(client, int) else client.id
        car = await _car(state, data, client_id, session, clock, employee)
        car_id = car if isinstance(car, int) else car.id
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
