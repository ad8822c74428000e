"""Filters are async on purpose: aiogram runs sync filters in a thread, a hop per check."""

from __future__ import annotations

from typing import Any

from aiogram.filters import Filter
from aiogram.types import Message

from bot.i18n import Translator
from services.staff.roles import Role


class HasRole(Filter):
    """Passes when the employee holds any of the roles (the director passes everywhere)."""

    def __init__(self, *roles: Role, director_too: bool = True) -> None:
        self.roles = frozenset(roles) | ({Role.DIRECTOR} if director_too else set())

    async def __call__(self, _event: Any, roles: frozenset[str] = frozenset()) -> bool:
        return bool(self.roles & roles)


class MenuButton(Filter):
    """Matches a reply-keyboard label in any language, so a language switch never strands a user
    with an old keyboard."""

    def __init__(self, key: str) -> None:
        self.key = key
        self._labels: frozenset[str] | None = None

    async def __call__(self, message: Message, translator: Translator) -> bool:
        if self._labels is None:
            self._labels = translator.variants(self.key)
        return message.text in self._labels
