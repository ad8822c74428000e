"""Multi-step dialogs, one package per flow (`setup() -> Router` in each).

Stage dialogs start from OrderCallback(action="act", stage=…) after handlers.orders.guard has
checked the order's stage and the person's role; the new order starts from the master's menu
button (first here, so it works over any open dialog). The aiogram-dialog dialogs (new order,
labour, approval, pre_issue, parts_walk) come after the hand-built ones: an open aiogram-dialog
takes every message, while a hand-built one takes only those of its FSM states.
"""

from __future__ import annotations

from aiogram import Router

from dialogs import approval, labour, new_order, parts_walk, pre_issue, pricing, purchase


def build_dialog_routers() -> list[Router]:
    return [
        new_order.setup(),
        pricing.setup(),
        purchase.setup(),
        new_order.dialog.build(),
        *(module.setup() for module in (labour, approval, pre_issue, parts_walk)),
    ]
