"""The head prices the labour of an order (LABOUR_PRICING): works, approval or a move back.

Started by the order's stage button (OrderCallback "act"), after handlers.orders.guard.
"""

from __future__ import annotations

from aiogram import Router

from dialogs.kit.stage import stage_router
from dialogs.labour import dialog, handlers
from services.orders import Stage


def setup() -> Router:
    return stage_router(__name__, [Stage.LABOUR_PRICING.value], handlers.enter, dialog.build())
