"""Typed answers the director's screens wait for."""

from aiogram.fsm.state import State, StatesGroup


class DirectorSG(StatesGroup):
    bitrix_id = State()
