"""The supplier records the vendor orders of an approved order (ux.md, domain.md stage 5), and
sees what is still on its way («🚚 Поставки», in `deliveries`).

Each part is saved as soon as it has a number and a date; the part that completes the purchase
moves the order to AWAITING_DELIVERY (the service does it) and the storekeeper gets his task.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import StateFilter

from bot.callbacks import NavCallback, OrderCallback, PartCallback, PickCallback
from dialogs.common.filters import TypedAnswer
from dialogs.purchase import deliveries
from dialogs.purchase import handlers as h
from dialogs.purchase.states import PurchaseSG
from services.orders import Stage


def setup() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(
        h.enter,
        OrderCallback.filter((F.action == "act") & (F.stage == Stage.PARTS_PURCHASE.value)),
    )
    typed = TypedAnswer()
    router.message.register(h.number_typed, PurchaseSG.number, typed)
    router.message.register(h.date_typed, PurchaseSG.date, typed)
    in_dialog = StateFilter(PurchaseSG)
    router.callback_query.register(h.picked, in_dialog, PickCallback.filter())
    router.callback_query.register(h.back, in_dialog, NavCallback.filter(F.action == "back"))
    router.callback_query.register(
        h.reorder, PurchaseSG.review, PartCallback.filter(F.action == "order")
    )
    router.callback_query.register(
        h.finish, PurchaseSG.review, NavCallback.filter(F.action == "done")
    )
    router.include_router(deliveries.setup())
    return router
