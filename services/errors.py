"""Domain errors carry a localisation key, so handlers can show them without knowing the rule."""

from __future__ import annotations

from typing import Any


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
