"""Text that is not a reply-keyboard label: a menu tap mid-dialog is never taken as an answer."""

from __future__ import annotations

from aiogram.filters import Filter
from aiogram.types import Message

from bot.i18n import Translator
from bot.keyboards.menus import MENU


class TypedAnswer(Filter):
    def __init__(self) -> None:
        self._labels: frozenset[str] | None = None

    async def __call__(self, message: Message, translator: Translator) -> bool:
        if message.text is None:
            return False
        if self._labels is None:
            self._labels = frozenset().union(*(translator.variants(i.key) for i in MENU))
        return message.text not in self._labels
