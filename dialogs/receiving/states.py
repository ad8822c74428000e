from aiogram.fsm.state import State, StatesGroup


class ReceivingSG(StatesGroup):
    parts = State()  # the awaited parts as buttons "Стойка стабилизатора 0/2"
    quantity = State()  # how many of the tapped part came: [все 2] [1] [другое…]
    typed = State()  # "другое…": the quantity typed
