"""How a refused action reads on a dialog screen, and whether the dialog can go on."""

from __future__ import annotations

from bot.i18n import L10n
from bot.render.orders import stage_label
from services.errors import DomainError, Forbidden, NotFound, StaleAction


def error_text(l10n: L10n, error: DomainError) -> str:
    """The refusal in words; stage codes in its params read as their names."""
    params = {
        key: stage_label(l10n, value)
        if key in ("stage", "target") and isinstance(value, str)
        else value
        for key, value in error.params.items()
    }
    return l10n(error.key, **params)


def ends_dialog(error: DomainError) -> bool:
    """The order moved on, is gone or is not ours to work on: staying in the step cannot help."""
    return isinstance(error, StaleAction | Forbidden | NotFound) or error.key.startswith("task-")


def warning(text: str) -> str:
    return f"⚠️ {text}"


def with_notice(notice: str | None, lines: list[str]) -> str:
    # The answer to the last action goes on top, the question stays below it.
    return "\n".join([notice, "", *lines] if notice else lines)
