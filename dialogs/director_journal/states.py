from aiogram.fsm.state import State, StatesGroup


class JournalSG(StatesGroup):
    journal = State()  # a page of events under the filter, with the filters and the pages
    people = State()  # whose events: the staff, a page of them
    order = State()  # the order number typed
    dates = State()  # the dates typed
