from aiogram.fsm.state import State, StatesGroup


class LabourSG(StatesGroup):
    works = State()  # the works list: type works, remove, approve or send back
    comment = State()  # why the order goes back to parts pricing
    closed = State()  # the last screen: how the pricing ended, no buttons
