"""The master's new order: phone → client → car → complaint → parts → photos → save.

Seven steps, one message edited in place; nothing is written before «✅ Сохранить».
"""

from __future__ import annotations

from aiogram import Router

from bot.filters import HasRole, MenuButton
from dialogs.new_order import client, dialog
from services.staff.roles import Role

__all__ = ["dialog", "setup"]


def setup() -> Router:
    """The menu entry only; `dialog.build()` is the dialog, included with the others."""
    router = Router(name=__name__)
    router.message.register(client.start, MenuButton("menu-new-order"), HasRole(Role.MASTER))
    return router
