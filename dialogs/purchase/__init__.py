"""The supplier records the vendor orders of an approved order (ux.md, domain.md stage 5): a
kind of work on the parts walk (dialogs/parts_walk), in kind.py. «🚚 Поставки» shows what is
still on its way (deliveries.py).

Each part is saved as soon as it has a number and a date; the part that completes the purchase
moves the order to AWAITING_DELIVERY (the service does it) and the storekeeper gets his task.
"""

from __future__ import annotations

from aiogram import Router

from dialogs.purchase import deliveries


def setup() -> Router:
    return deliveries.setup()
