"""Multi-step dialogs, one package per flow (`setup() -> Router` in each).

Stage dialogs start from OrderCallback(action=ACT, stage=…) after handlers.orders.guard has
checked the order's stage and the person's role. The aiogram-dialog dialogs (parts_walk,
pre_issue, labour) come after the hand-built ones: an open aiogram-dialog takes every message,
while a hand-built one takes only those of its FSM states. They sit outside the hand-built
dialogs' message gate (handlers.DialogMessage), which knows only FSM states: aiogram-dialog
keeps its stack apart from the FSM state and routes by it itself.
"""

from __future__ import annotations

from aiogram import Router

from dialogs import approval, labour, new_order, parts_walk, pre_issue, purchase


def build_dialog_routers() -> list[Router]:
    """The hand-built dialogs: they take a message only in one of their FSM states."""
    return [module.setup() for module in (new_order, purchase, approval)]


def build_aiogram_dialogs() -> list[Router]:
    """The aiogram-dialog dialogs, with the taps that start them."""
    return [module.setup() for module in (parts_walk, pre_issue, labour)]
