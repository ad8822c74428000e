from aiogram.fsm.state import State, StatesGroup


class StaffSG(StatesGroup):
    list = State()  # the staff, a page of them, each active one a button
    card = State()  # one employee: roles to toggle, Bitrix24, deactivate
    confirm = State()  # «Отключить …?»
    pick_bitrix = State()  # the portal's users to pick from
    type_bitrix = State()  # the Bitrix24 user id typed
    closed = State()  # the last screen: who was deactivated, no buttons
