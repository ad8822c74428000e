from aiogram.fsm.state import State, StatesGroup


class SearchSG(StatesGroup):
    query = State()
