"""Callback data of the director's screens (each well inside Telegram's 64 bytes); each
screen's actions an enum, each action routed to its own handler."""

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

from bot.callbacks.fields import DbId


class StaffAction(StrEnum):
    LIST = "list"  # value: the page's offset
    OPEN = "open"
    ROLE = "role"  # value: the role given or taken
    DEACTIVATE = "deact"
    DEACTIVATE_CONFIRMED = "deact_ok"
    BITRIX = "b24"
    BITRIX_SET = "b24set"  # value: the portal's user id
    BITRIX_TYPED = "b24type"


class StaffCallback(CallbackData, prefix="sf"):
    action: StaffAction
    employee_id: DbId = 0
    value: str = ""


class PhoneAction(StrEnum):
    SHOW = "show"
    TOGGLE = "toggle"  # role


class PhoneCallback(CallbackData, prefix="ph"):
    action: PhoneAction
    role: str = ""


# The director's alone; the invite, sync and reassign buttons are his too.
DIRECTOR_PREFIXES = ("sf:", "jr:", "ph:", "inv:", "sy:", "ra:", "t:reassign:")
