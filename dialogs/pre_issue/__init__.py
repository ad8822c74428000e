"""The master checks every part and work before handing the car over (PRE_ISSUE_CHECK).

Started by the order's stage button (OrderCallback "act"), after handlers.orders.guard.
"""

from __future__ import annotations

from aiogram import F, Router

from bot.callbacks import OrderCallback
from dialogs.pre_issue import dialog, handlers
from services.orders import Stage


def setup() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(
        handlers.enter,
        OrderCallback.filter((F.action == "act") & (F.stage == Stage.PRE_ISSUE_CHECK.value)),
    )
    router.include_router(dialog.build())
    return router
