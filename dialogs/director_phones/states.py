from aiogram.fsm.state import State, StatesGroup


class PhonesSG(StatesGroup):
    roles = State()  # each role but the director's, ✅ if it sees clients' numbers in full
