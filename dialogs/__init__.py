"""Multi-step dialogs, one package per flow (`setup() -> Router` in each).

Stage dialogs start from OrderCallback(action="act", stage=…) after handlers.orders.guard has
checked the order's stage and the person's role.
"""

from __future__ import annotations

from aiogram import Router

from dialogs import approval, labour, new_order, pre_issue, pricing, purchase, receiving


def build_dialog_routers() -> list[Router]:
    return [
        module.setup()
        for module in (new_order, pricing, purchase, labour, approval, receiving, pre_issue)
    ]
