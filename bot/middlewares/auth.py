"""Loads the employee once per update; strangers get one polite refusal and nothing else."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import structlog
from aiogram import BaseMiddleware
from aiogram.types import CallbackQuery, Message, TelegramObject, Update, User

from bot.i18n import Translator
from services.staff.directory import StaffDirectory

log = structlog.get_logger(__name__)


def _is_invite_start(update: Update) -> bool:
    message = update.message
    return bool(
        message
        and message.chat.type == "private"
        and message.text
        and message.text.startswith("/start ")
    )


class EmployeeMiddleware(BaseMiddleware):
    def __init__(self, translator: Translator, directory: StaffDirectory) -> None:
        self.translator = translator
        self.directory = directory

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        assert isinstance(event, Update)
        user: User | None = data.get("event_from_user")
        if user is None:
            return None  # channel posts and the like: nothing for us
        employee = await self.directory.by_telegram_id(data["session"], user.id)
        if employee is not None and not employee.is_active:
            employee = None
        data["employee"] = employee
        data["roles"] = employee.role_names if employee else frozenset()
        data["l10n"] = self.translator.get(
            employee.locale if employee and employee.locale else user.language_code
        )
        if employee is not None or _is_invite_start(event):
            return await handler(event, data)
        log.info("stranger.refused", telegram_id=user.id, update_id=event.update_id)
        await self._refuse(event, data)
        return None

    @staticmethod
    async def _refuse(update: Update, data: dict[str, Any]) -> None:
        text = data["l10n"]("start-unknown")
        event = update.event
        if isinstance(event, CallbackQuery):
            await event.answer(text, show_alert=True)
        elif isinstance(event, Message) and event.chat.type == "private":
            await event.answer(text)
