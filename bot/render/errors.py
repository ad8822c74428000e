"""A refused action in words: the domain error's message with stage codes read as their names."""

from __future__ import annotations

from functools import partial

from bot.i18n import L10n
from bot.render.orders import stage_label
from services.errors import DomainError, named_stages


def error_text(l10n: L10n, error: DomainError) -> str:
    return l10n(error.key, **named_stages(error.params, partial(stage_label, l10n)))
