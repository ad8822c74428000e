"""aiogram-dialog on the dispatcher."""

from __future__ import annotations

from aiogram import Dispatcher
from aiogram_dialog import setup_dialogs

from dialogs.kit.screens import ScreenMessages


def setup(dp: Dispatcher) -> None:
    setup_dialogs(dp, message_manager=ScreenMessages())
