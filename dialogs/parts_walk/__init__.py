"""The parts walk (dialog.py): the supplier prices an order's parts and orders them from the
vendors, the storekeeper takes them in; each kind of work is a small object (kinds.py) that
parses the answers, words the screens and calls the service.

Started by the order's stage button (OrderCallback "act"), after handlers.orders.guard.
"""

from __future__ import annotations

from aiogram import Router

from dialogs.kit.stage import stage_entry
from dialogs.parts_walk import dialog, handlers
from dialogs.parts_walk.registry import KIND_OF_STAGE


def entry() -> Router:
    return stage_entry(__name__, KIND_OF_STAGE, handlers.enter)


def setup() -> Router:
    return dialog.build()
