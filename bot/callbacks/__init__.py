"""Callback data classes; every one stays inside Telegram's 64-byte limit (a test checks).

Buttons that act on an order carry the stage they were drawn for, so a tap on a stale
button is recognised and explained instead of acting.
"""

from datetime import date

from aiogram.filters.callback_data import CallbackData

from bot.callbacks.fields import DbId, Offset


class LangCallback(CallbackData, prefix="lang"):
    locale: str


class InviteRoleCallback(CallbackData, prefix="inv"):
    role: str


class OrderCallback(CallbackData, prefix="o"):
    """open · act (the stage's work) · media · hist · car · back (return) · cancel"""

    action: str
    order_id: DbId
    stage: str = ""


class TaskCallback(CallbackData, prefix="t"):
    """take («Беру») · reassign (the director picks someone else)"""

    action: str
    task_id: DbId


class ReassignCallback(CallbackData, prefix="ra"):
    """The director hands task `task_id` to employee `employee_id`."""

    task_id: DbId
    employee_id: DbId


class PageCallback(CallbackData, prefix="pg"):
    """A page of a list: `kind` names the list (tasks, orders, stage:<STAGE>, car:<id> …)."""

    kind: str
    offset: Offset


class NavCallback(CallbackData, prefix="nav"):
    """Dialog navigation: back · cancel · done · skip · confirm."""

    action: str


class PickCallback(CallbackData, prefix="pk"):
    """A one-tap answer inside a dialog step: `field` names the question, `value` the answer."""

    field: str
    value: str

    # A forged button can carry any value: these read it as the keyboard drew it, or None.
    def number(self) -> int | None:
        """The value as a whole number ≥ 0 (an index, an id, days)."""
        value = self.value
        return int(value) if value.isascii() and value.isdigit() and len(value) <= 9 else None

    def day(self) -> date | None:
        """The value as an ISO date."""
        try:
            return date.fromisoformat(self.value)
        except ValueError:
            return None
