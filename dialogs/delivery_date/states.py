from aiogram.fsm.state import State, StatesGroup


class DeliveryDateSG(StatesGroup):
    waiting = State()
    closed = State()
