from aiogram.fsm.state import State, StatesGroup


class PartsWalkSG(StatesGroup):
    parts = State()  # the order's parts: pick one, or (pricing, purchase) the overview to finish
    step = State()  # one question about the part in hand
    closed = State()  # the last screen: how the work ended, no buttons
