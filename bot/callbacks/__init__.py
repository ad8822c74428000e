"""Callback data classes; every one stays inside Telegram's 64-byte limit (a test checks).

Buttons that act on an order carry the stage they were drawn for, so a tap on a stale
button is recognised and explained instead of acting. An intent's actions are an enum, each
routed to its own handler by the class's filter (`TaskCallback.filter(F.action == …)`); data
naming no known action does not unpack, so it reaches the stale-button handler.
"""

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

from bot.callbacks.fields import DbId, Offset
from services.staff.roles import Role


class Language(StrEnum):
    RU = "ru"
    EN = "en"


class LangCallback(CallbackData, prefix="lang"):
    locale: Language


class InviteRoleCallback(CallbackData, prefix="inv"):
    role: Role


class OrderAction(StrEnum):
    OPEN = "open"
    ACT = "act"  # the stage's work
    MEDIA = "media"
    HISTORY = "hist"
    CAR = "car"  # the car's other orders
    BACK = "back"  # return to an earlier stage
    CANCEL = "cancel"


class OrderCallback(CallbackData, prefix="o"):
    action: OrderAction
    order_id: DbId
    stage: str = ""


class TaskAction(StrEnum):
    TAKE = "take"  # «Беру»
    REASSIGN = "reassign"  # the director picks someone else


class TaskCallback(CallbackData, prefix="t"):
    action: TaskAction
    task_id: DbId


class ReassignCallback(CallbackData, prefix="ra"):
    """The director hands task `task_id` to employee `employee_id`."""

    task_id: DbId
    employee_id: DbId


class ListKind(StrEnum):
    TASKS = "tasks"
    MINE = "mine"
    OPEN = "open"
    SEARCH = "q"  # the last search, kept in the dialog data
    STAGE = "st"  # `of`: the stage
    CAR = "car"  # `of`: the car's id
    CLOSED_WEEK = "closed-week"
    CLOSED_MONTH = "closed-month"
    CLOSED_PREV = "closed-prev"


class PageCallback(CallbackData, prefix="pg"):
    """A page of a list: `kind` names the list, `of` its stage or car where it has one."""

    kind: ListKind
    of: str = ""
    offset: Offset = 0
