from aiogram.fsm.state import State, StatesGroup


class MoveReasonSG(StatesGroup):
    target = State()  # send back: to which earlier stage
    reason = State()  # send back: why (typed)
    cancel = State()  # cancel: why (a common reason or typed)
    closed = State()  # the last screen: how it ended, no buttons
