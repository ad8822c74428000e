"""The master checks every part and work before handing the car over (PRE_ISSUE_CHECK).

Started by the order's stage button (OrderCallback "act"), after handlers.orders.guard.
"""

from __future__ import annotations

from aiogram import Router

from dialogs.kit.stage import stage_entry
from dialogs.pre_issue import dialog, handlers
from services.orders import Stage


def entry() -> Router:
    return stage_entry(__name__, [Stage.PRE_ISSUE_CHECK.value], handlers.enter)


def setup() -> Router:
    return dialog.build()
