"""A button of a dialog that is gone (finished, or forgotten by a restart with in-memory
storage) explains itself instead of doing nothing, as dialogs/kit/expired.py does for the
hand-built screens' buttons."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.filters import ExceptionTypeFilter
from aiogram.types import ErrorEvent, User
from aiogram_dialog.api.exceptions import OutdatedIntent, UnknownIntent

from bot.i18n import L10n, Translator
from dialogs.kit.expired import expired_button


async def stale_dialog(event: ErrorEvent, translator: Translator, **data: Any) -> None:
    query = event.update.callback_query
    assert query is not None  # the filter below: only a button names a dialog
    l10n: L10n = data.get("l10n") or translator.get(_language(query.from_user))
    await expired_button(query, l10n, data.get("roles") or frozenset())


def _language(user: User | None) -> str | None:
    return user.language_code if user else None


def setup() -> Router:
    """Included ahead of the catch-all error handler (bot/errors.py)."""
    router = Router(name=__name__)
    router.errors.register(
        stale_dialog,
        ExceptionTypeFilter(UnknownIntent, OutdatedIntent),
        F.update.callback_query,
    )
    return router
