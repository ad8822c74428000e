"""Sending an order back to an earlier stage, and cancelling it; both ask for a reason.

Started by the order card's ↩️ and ✖️ (OrderCallback "back", "cancel"), after
handlers.orders.guard.
"""

from __future__ import annotations

from aiogram import F, Router

from bot.callbacks import OrderAction, OrderCallback
from dialogs.move_reason import dialog, handlers


def entry() -> Router:
    router = Router(name=f"{__name__}.entry")
    router.callback_query.register(
        handlers.enter_back, OrderCallback.filter(F.action == OrderAction.BACK)
    )
    router.callback_query.register(
        handlers.enter_cancel, OrderCallback.filter(F.action == OrderAction.CANCEL)
    )
    return router


def setup() -> Router:
    return dialog.build()
