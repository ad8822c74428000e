"""The master records the client's answer (CLIENT_APPROVAL): an appointment, or a refusal.

Started by the order's stage button (OrderCallback "act"), after handlers.orders.guard.
"""

from __future__ import annotations

from aiogram import Router

from dialogs.approval import dialog, handlers
from dialogs.kit.stage import stage_entry
from services.orders import Stage


def entry() -> Router:
    return stage_entry(__name__, [Stage.CLIENT_APPROVAL.value], handlers.enter)


def setup() -> Router:
    return dialog.build()
