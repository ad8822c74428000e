from aiogram.fsm.state import State, StatesGroup


class PreIssueSG(StatesGroup):
    check = State()  # the checklist of parts and works, each ticked by a tap
    closed = State()  # the last screen: how the check ended, no buttons
