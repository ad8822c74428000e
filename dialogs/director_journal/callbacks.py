"""The button that opens the journal from a hand-built screen (the staff list)."""

from typing import Literal

from aiogram.filters.callback_data import CallbackData


class JournalOpenCallback(CallbackData, prefix="jr"):
    action: Literal["open"] = "open"
