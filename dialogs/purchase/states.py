"""Steps of the purchase dialog: per part the vendor's order number, then the expected date."""

from aiogram.fsm.state import State, StatesGroup


class PurchaseSG(StatesGroup):
    number = State()  # the vendor's order number
    date = State()  # the expected delivery date
    review = State()  # every part ordered already (after a move back): correct or finish
