from aiogram.fsm.state import State, StatesGroup


class PreIssueSG(StatesGroup):
    check = State()  # the checklist of parts and works, each ticked by a tap
