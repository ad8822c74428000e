"""Steps of the parts-pricing dialog: one part at a time, then the next unpriced one."""

from aiogram.fsm.state import State, StatesGroup


class PricingSG(StatesGroup):
    purchase = State()  # unit purchase price, or the whole part in one line
    sale = State()  # unit sale price, «по наценке» by default
    vendor = State()
    days = State()  # delivery time in days
    review = State()  # every part already priced (after a move back): correct or finish
