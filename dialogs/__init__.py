"""Multi-step dialogs, one package per flow (`setup() -> Router` in each)."""

from __future__ import annotations

import importlib
import importlib.util

from aiogram import Router

# Stage dialogs start from OrderCallback(action="act", stage=…) after handlers.orders.guard
# has checked the order's stage and the person's role.
DIALOG_MODULES = (
    "dialogs.new_order",
    "dialogs.pricing",
    "dialogs.purchase",
    "dialogs.labour",
    "dialogs.approval",
    "dialogs.receiving",
    "dialogs.pre_issue",
)


def build_dialog_routers() -> list[Router]:
    routers = []
    for name in DIALOG_MODULES:
        if importlib.util.find_spec(name) is not None:
            module = importlib.import_module(name)
            if hasattr(module, "setup"):
                routers.append(module.setup())
    return routers
