"""How a refused use case reads on a dialog screen (shared by the supplier's dialogs)."""

from __future__ import annotations

from bot.i18n import L10n
from bot.render.orders import stage_label
from services.errors import DomainError, Forbidden, NotFound, StaleAction


def error_text(l10n: L10n, error: DomainError) -> str:
    # Stage codes in the params read as their names ("Калькуляция работ").
    params = {
        key: stage_label(l10n, str(value)) if key in ("stage", "target") else value
        for key, value in error.params.items()
    }
    return l10n(error.key, **params)


def ends_dialog(error: DomainError) -> bool:
    """The order moved on, is gone or is not ours to work on: staying in the step cannot help."""
    return isinstance(error, StaleAction | Forbidden | NotFound) or error.key.startswith("task-")
