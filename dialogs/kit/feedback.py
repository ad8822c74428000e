"""How a refused action reads on a dialog screen, and whether the dialog can go on."""

from __future__ import annotations

from bot.render.errors import error_text as error_text
from services.errors import DomainError, Forbidden, NotFound, StaleAction


def ends_dialog(error: DomainError) -> bool:
    """The order moved on, is gone or is not ours to work on: staying in the step cannot help."""
    return isinstance(error, StaleAction | Forbidden | NotFound) or error.key.startswith("task-")


def warning(text: str) -> str:
    return f"⚠️ {text}"


def with_notice(notice: str | None, lines: list[str]) -> str:
    # The answer to the last action goes on top, the question stays below it.
    return "\n".join([notice, "", *lines] if notice else lines)
