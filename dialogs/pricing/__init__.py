"""The supplier prices an order's parts, one part at a time (ux.md "Supplier pricing").

Each part is saved as soon as it is complete, so stopping half way loses nothing; pricing the
last part moves the order on (the service does it) and the head gets his task.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import StateFilter

from bot.callbacks import NavCallback, OrderCallback, PartCallback, PickCallback
from dialogs.common.filters import TypedAnswer
from dialogs.pricing import handlers as h
from dialogs.pricing.states import PricingSG
from services.orders import Stage


def setup() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(
        h.enter,
        OrderCallback.filter((F.action == "act") & (F.stage == Stage.PARTS_PRICING.value)),
    )
    typed = TypedAnswer()
    router.message.register(h.purchase_typed, PricingSG.purchase, typed)
    router.message.register(h.sale_typed, PricingSG.sale, typed)
    router.message.register(h.vendor_typed, PricingSG.vendor, typed)
    router.message.register(h.days_typed, PricingSG.days, typed)
    in_dialog = StateFilter(PricingSG)
    router.callback_query.register(h.picked, in_dialog, PickCallback.filter())
    router.callback_query.register(h.back, in_dialog, NavCallback.filter(F.action == "back"))
    router.callback_query.register(
        h.reprice, PricingSG.review, PartCallback.filter(F.action == "price")
    )
    router.callback_query.register(
        h.finish, PricingSG.review, NavCallback.filter(F.action == "done")
    )
    return router
