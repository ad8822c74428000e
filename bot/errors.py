"""The one error handler: domain errors become their message, anything else an apology and a
structured log record with the update id and traceback."""

from __future__ import annotations

from typing import Any

import structlog
from aiogram import Bot, Router
from aiogram.types import CallbackQuery, ErrorEvent, Message
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from bot.i18n import L10n, Translator
from bot.render.errors import error_text
from services.errors import DomainError

log = structlog.get_logger(__name__)

_DB_DOWN = (OperationalError, InterfaceError, ConnectionError, OSError)


async def on_error(event: ErrorEvent, bot: Bot, translator: Translator, **data: Any) -> bool:
    exc = event.exception
    l10n: L10n = data.get("l10n") or translator.get(None)
    if isinstance(exc, DomainError):
        text = error_text(l10n, exc)
        log.info("domain.refused", update_id=event.update.update_id, key=exc.key)
    elif isinstance(exc, _DB_DOWN) or (isinstance(exc, DBAPIError) and exc.connection_invalidated):
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
