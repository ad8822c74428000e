"""Typed answers the director's screens wait for."""

from aiogram.fsm.state import State, StatesGroup


class DirectorSG(StatesGroup):
    journal_order = State()
    journal_dates = State()
    bitrix_id = State()
