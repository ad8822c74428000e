"""A refused action in words: the domain error's message with stage codes read as their names."""

from __future__ import annotations

from bot.i18n import L10n
from bot.render.orders import stage_label
from services.errors import DomainError

STAGE_PARAMS = ("stage", "target")


def error_text(l10n: L10n, error: DomainError) -> str:
    params = {
        key: stage_label(l10n, value) if key in STAGE_PARAMS and isinstance(value, str) else value
        for key, value in error.params.items()
    }
    return l10n(error.key, **params)
