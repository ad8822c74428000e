"""Callback data classes; every one stays inside Telegram's 64-byte limit (a test checks).

Buttons that act on an order carry the stage they were drawn for, so a tap on a stale
button is recognised and explained instead of acting.
"""

from aiogram.filters.callback_data import CallbackData


class LangCallback(CallbackData, prefix="lang"):
    locale: str


class InviteRoleCallback(CallbackData, prefix="inv"):
    role: str


class OrderCallback(CallbackData, prefix="o"):
    """open · act (the stage's work) · media · hist · car · back (return) · cancel"""

    action: str
    order_id: int
    stage: str = ""


class TaskCallback(CallbackData, prefix="t"):
    """take («Беру») · reassign (the director picks someone else)"""

    action: str
    task_id: int


class ReassignCallback(CallbackData, prefix="ra"):
    """The director hands task `task_id` to employee `employee_id`."""

    task_id: int
    employee_id: int


class PageCallback(CallbackData, prefix="pg"):
    """A page of a list: `kind` names the list (tasks, orders, stage:<STAGE>, car:<id> …)."""

    kind: str
    offset: int


class NavCallback(CallbackData, prefix="nav"):
    """Dialog navigation: back · cancel · done · skip · confirm."""

    action: str


class PickCallback(CallbackData, prefix="pk"):
    """A one-tap answer inside a dialog step: `field` names the question, `value` the answer."""

    field: str
    value: str


class PartCallback(CallbackData, prefix="p"):
    """Acting on one part of an order inside a dialog (price, receive, remove …)."""

    action: str
    order_id: int
    part_id: int
