"""«◀️ Назад» and «➡️ Оставить как есть»: move between steps, every answer kept in FSM data."""

from __future__ import annotations

from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import CallbackQuery

from bot.i18n import L10n
from dialogs.new_order import data as d
from dialogs.new_order.screens import goto
from dialogs.new_order.states import NewOrderSG as SG


def client_step(data: dict[str, Any]) -> State:
    return SG.client_name if data.get(d.CLIENT_NEW) else SG.client_found


def previous(current: str | None, data: dict[str, Any]) -> State | None:
    if current in (SG.client_found.state, SG.client_name.state):
        return SG.phone
    if current == SG.car.state:
        return client_step(data)
    back = {
        SG.car_whose.state: SG.car,
        SG.car_driver.state: SG.car_whose,
        SG.car_model.state: SG.car,
        SG.complaint.state: SG.car,
        SG.parts.state: SG.complaint,
        SG.part_edit.state: SG.parts,
        SG.media.state: SG.parts,
        SG.summary.state: SG.media,
    }
    return back.get(current or "")


def following(current: str | None, data: dict[str, Any]) -> State | None:
    """Where «Оставить как есть» leads: the next step, with the kept answer."""
    if current == SG.phone.state and d.PHONE in data and (d.CLIENT_NEW in data):
        return client_step(data)
    if current == SG.client_name.state and d.CLIENT_NAME in data:
        return SG.car
    if current == SG.car.state and d.car_ready(data):
        return SG.complaint
    if current == SG.complaint.state and data.get(d.COMPLAINT):
        return SG.parts
    return None


async def back(query: CallbackQuery, state: FSMContext, l10n: L10n) -> None:
    target = previous(await state.get_state(), await state.get_data())
    if target is None:
        await query.answer()
        return
    await goto(query, state, l10n, target)


async def keep(query: CallbackQuery, state: FSMContext, l10n: L10n) -> None:
    target = following(await state.get_state(), await state.get_data())
    if target is None:
        await query.answer()
        return
    await goto(query, state, l10n, target)
