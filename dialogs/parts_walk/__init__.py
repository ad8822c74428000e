"""The parts walk (dialog.py): the supplier prices an order's parts and orders them from the
vendors, the storekeeper takes them in; each kind of work is a small object (kinds.py) that
parses the answers, words the screens and calls the service.

Started by the order's stage button (OrderCallback "act"), after handlers.orders.guard.
"""

from __future__ import annotations

from aiogram import F, Router

from bot.callbacks import OrderCallback
from dialogs.parts_walk import dialog, handlers
from dialogs.parts_walk.registry import KIND_OF_STAGE


def setup() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(
        handlers.enter,
        OrderCallback.filter((F.action == "act") & F.stage.in_(set(KIND_OF_STAGE))),
    )
    router.include_router(dialog.build())
    return router
