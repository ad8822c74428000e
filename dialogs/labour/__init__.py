"""The head prices the labour of an order (LABOUR_PRICING): works, approval or a move back.

Started by the order's stage button (OrderCallback "act"), after handlers.orders.guard.
"""

from __future__ import annotations

from aiogram import Router

from dialogs.kit.stage import stage_entry
from dialogs.labour import dialog, handlers
from services.orders import Stage


def entry() -> Router:
    return stage_entry(__name__, [Stage.LABOUR_PRICING.value], handlers.enter)


def setup() -> Router:
    return dialog.build()
