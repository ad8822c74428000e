"""A typed answer inside a dialog: any text that is not a reply-keyboard label, so a menu tap
mid-dialog reaches the menu instead of being taken for an answer."""

from __future__ import annotations

from aiogram.filters import Filter
from aiogram.types import Message

from bot.i18n import Translator
from bot.keyboards.menus import MENU


class TypedAnswer(Filter):
    def __init__(self) -> None:
        self._labels: frozenset[str] | None = None

    async def __call__(self, message: Message, translator: Translator) -> bool:
        if not message.text:
            return False
        if self._labels is None:
            self._labels = frozenset().union(*(translator.variants(item.key) for item in MENU))
        return message.text not in self._labels
