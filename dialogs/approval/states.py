from aiogram.fsm.state import State, StatesGroup


class ApprovalSG(StatesGroup):
    decision = State()  # 1: the estimate; did the client agree?
    date = State()  # 2: appointment day
    time = State()  # 3: appointment time
    confirm = State()  # 4: "Запись: пн 24.11, 10:00" → book
    refuse = State()  # the client said no: why?
    closed = State()  # the last screen: how the approval ended, no buttons
