"""A button of an earlier screen of the same dialog (a slow network, a second device) is
answered and changes nothing, not even the screen: aiogram-dialog would redraw it."""

from __future__ import annotations

from aiogram.types import CallbackQuery, InlineKeyboardButton
from aiogram_dialog import DialogManager, DialogProtocol, ShowMode
from aiogram_dialog.widgets.kbd import Keyboard


class Stray(Keyboard):
    """Last in a window: takes the taps no widget of the window took; draws no button."""

    async def _render_keyboard(
        self, data: dict[str, object], manager: DialogManager
    ) -> list[list[InlineKeyboardButton]]:
        return []

    async def _process_other_callback(
        self, callback: CallbackQuery, dialog: DialogProtocol, manager: DialogManager
    ) -> bool:
        manager.show_mode = ShowMode.NO_UPDATE
        return True
