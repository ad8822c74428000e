"""Multi-step dialogs, one package per flow (`setup() -> Router` in each).

Stage dialogs start from OrderCallback(action=ACT, stage=…), the send-back and cancel one
(move_reason) from its actions BACK and CANCEL, after handlers.orders.guard has checked the
order's stage and the person's role; the new order starts from the master's menu button (among
the first, so it works over any open dialog), the search from its own (among the menu handlers,
dialogs.search.entry), the director's screens from his menu button and commands, among his
screens. The aiogram-dialog dialogs (new order, labour, approval, pre_issue, parts_walk,
move_reason, search, delivery date, the director's) come after the hand-built menu screens
(the new order's menu entry, the deliveries list): an open aiogram-dialog takes every message
and tap. The director's report and audit journal take messages only while they ask for typed
text (dialogs/kit/seat.py).
"""

from __future__ import annotations

from aiogram import Router

from dialogs import (
    approval,
    delivery_date,
    director_journal,
    director_phones,
    director_report,
    director_staff,
    labour,
    move_reason,
    new_order,
    parts_walk,
    pre_issue,
    purchase,
    search,
)


def build_dialog_routers() -> list[Router]:
    """The new order's menu entry and the deliveries list (one hand-built screen)."""
    return [new_order.setup(), purchase.setup()]


def build_aiogram_dialogs() -> list[Router]:
    """The aiogram-dialog dialogs, the card's taps that start them first: an open dialog takes
    every tap that reaches it (and draws itself again), so a tap on another order's card must
    meet its entry before any open dialog sees it."""
    return [
        *(module.entry() for module in (labour, approval, pre_issue, parts_walk, move_reason)),
        new_order.dialog.build(),
        *(
            module.setup()
            for module in (
                labour,
                approval,
                pre_issue,
                parts_walk,
                move_reason,
                search,
                delivery_date,
                director_staff,
                director_phones,
                director_report,
                director_journal,
            )
        ),
    ]
