"""Typed answers the director's screens wait for."""

from aiogram.fsm.state import State, StatesGroup


class DirectorSG(StatesGroup):
    report_dates = State()
    journal_order = State()
    journal_dates = State()
