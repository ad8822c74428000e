"""The one error handler: domain errors become their message, anything else an apology and a
structured log record with the update id and traceback."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import structlog
from aiogram import BaseMiddleware, Bot, Router
from aiogram.types import CallbackQuery, ErrorEvent, Message, User
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from bot.i18n import L10n, Translator
from bot.render.errors import error_text
from services.errors import DomainError

log = structlog.get_logger(__name__)

# Storage that is briefly away (the database, or Redis holding the dialogs): worth a retry.
_DB_DOWN = (
    OperationalError,
    InterfaceError,
    ConnectionError,
    OSError,
    RedisConnectionError,
    RedisTimeoutError,
)


def storage_away(exc: BaseException) -> bool:
    return isinstance(exc, _DB_DOWN) or (isinstance(exc, DBAPIError) and exc.connection_invalidated)


class StorageAwayFirst(BaseMiddleware):
    """Answers a storage outage before aiogram-dialog's error middleware runs: that one reads
    the dialog stack from the storage first, and with Redis away it fails itself, so the person
    would hear nothing. Registered as the dispatcher's outer error middleware."""

    async def __call__(
        self,
        handler: Callable[[Any, dict[str, Any]], Awaitable[Any]],
        event: Any,
        data: dict[str, Any],
    ) -> Any:
        if isinstance(event, ErrorEvent) and storage_away(event.exception):
            return await on_error(event, **data)
        return await handler(event, data)


async def on_error(event: ErrorEvent, bot: Bot, translator: Translator, **data: Any) -> bool:
    exc = event.exception
    # With Redis down the update fails before the employee (and their language) is loaded:
    # answer in the language of their Telegram rather than the shop's default.
    user: User | None = data.get("event_from_user")
    l10n: L10n = data.get("l10n") or translator.get(user.language_code if user else None)
    if isinstance(exc, DomainError):
        text = error_text(l10n, exc)
        log.info("domain.refused", update_id=event.update.update_id, key=exc.key)
    elif storage_away(exc):
        text = l10n("error-try-again")
        log.warning("storage.unavailable", update_id=event.update.update_id, error=repr(exc))
    else:
        text = l10n("error-unexpected")
        log.error("update.failed", update_id=event.update.update_id, exc_info=exc)
    await _tell_user(event, bot, text)
    return True


async def _tell_user(event: ErrorEvent, bot: Bot, text: str) -> None:
    target = event.update.event
    try:
        if isinstance(target, CallbackQuery):
            await target.answer(text, show_alert=True)
        elif isinstance(target, Message):
            await bot.send_message(target.chat.id, text)
    except Exception:  # the apology itself must never raise out of the handler
        log.warning("apology.failed", update_id=event.update.update_id, exc_info=True)


def setup() -> Router:
    router = Router(name=__name__)
    router.errors.register(on_error)
    return router
