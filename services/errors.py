"""Domain errors carry a localisation key, so handlers can show them without knowing the rule."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

# The parameters of a refusal that hold a stage code («С этапа «{ $stage }» …»).
STAGE_PARAMS = ("stage", "target")


class DomainError(Exception):
    """A rule refused the action; `key` names the message in `locales/`."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


class NotFound(DomainError):
    pass


class Forbidden(DomainError):
    """The actor lacks the role or the right for this action (audited by the caller)."""


class StaleAction(DomainError):
    """The entity moved on since the button was drawn."""


def named_stages(params: Mapping[str, Any], stage_name: Callable[[str], str]) -> dict[str, Any]:
    """A refusal's parameters for its message: stage codes read as the stages' names."""
    return {
        key: stage_name(value) if key in STAGE_PARAMS and isinstance(value, str) else value
        for key, value in params.items()
    }
