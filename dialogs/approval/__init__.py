"""The master records the client's answer (CLIENT_APPROVAL): an appointment, or a refusal.

Started by the order's stage button (OrderCallback "act"), after handlers.orders.guard.
"""

from __future__ import annotations

from aiogram import F, Router

from bot.callbacks import OrderCallback
from dialogs.approval import dialog, handlers
from services.orders import Stage


def setup() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(
        handlers.enter,
        OrderCallback.filter((F.action == "act") & (F.stage == Stage.CLIENT_APPROVAL.value)),
    )
    router.include_router(dialog.build())
    return router
