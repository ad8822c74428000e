"""The head prices the labour of an order (LABOUR_PRICING): works, approval or a move back.

Started by the order's stage button (OrderCallback "act"), after handlers.orders.guard.
"""

from __future__ import annotations

from aiogram import F, Router

from bot.callbacks import OrderCallback
from dialogs.labour import dialog, handlers
from services.orders import Stage


def setup() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(
        handlers.enter,
        OrderCallback.filter((F.action == "act") & (F.stage == Stage.LABOUR_PRICING.value)),
    )
    router.include_router(dialog.build())
    return router
