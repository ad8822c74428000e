"""Validation errors of user and import input.

Each error is a `DomainError` whose key names one message in `locales/*/validation.ftl`; the
message picks its wording by `reason`, so the bot shows it without knowing the rule. They are
also `ValueError`s, so code that only wants "bad input" can catch the builtin.
"""

from __future__ import annotations

from typing import Any, ClassVar

from services.errors import DomainError


class NormalizeError(DomainError, ValueError):
    """Input could not be normalised; `reason` is a short machine word, stable for reports."""

    key_name: ClassVar[str] = "validation-input"
    reasons: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, reason: str, **params: Any) -> None:
        # An unknown reason would fall through to the message's default variant silently.
        if self.reasons and reason not in self.reasons:
            raise AssertionError(f"{type(self).__name__}: undeclared reason {reason!r}")
        super().__init__(self.key_name, reason=reason, **params)
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.key}: {self.reason}"


class InvalidPhone(NormalizeError):
    key_name = "validation-phone"
    reasons = frozenset(
        {"empty", "excel", "letters", "too_short", "too_long", "country", "invalid"}
    )


class InvalidVin(NormalizeError):
    key_name = "validation-vin"
    reasons = frozenset({"placeholder", "length", "letters_ioq", "chars"})


class InvalidPlate(NormalizeError):
    key_name = "validation-plate"
    reasons = frozenset({"empty", "format"})


class InvalidMoney(NormalizeError):
    key_name = "validation-money"
    reasons = frozenset({"empty", "format", "negative", "decimals", "too_large"})


class InvalidQuantity(NormalizeError):
    key_name = "validation-quantity"
    reasons = frozenset({"empty", "format", "not_positive", "decimals", "too_large"})


class InvalidPercent(NormalizeError):
    key_name = "validation-percent"
    reasons = frozenset({"empty", "format", "negative", "decimals", "too_large"})


class InvalidDate(NormalizeError):
    key_name = "validation-date"
    reasons = frozenset({"empty", "format", "impossible", "past"})


class InvalidTime(NormalizeError):
    key_name = "validation-time"
    reasons = frozenset({"empty", "format"})


class InvalidPartsLine(NormalizeError):
    """`line` is 1-based as the user sees it; 0 when the whole text is wrong (empty)."""

    key_name = "validation-parts"
    reasons = frozenset(
        {"empty", "fields", "name_empty", "name_too_long", "article_too_long", "quantity"}
    )

    def __init__(self, line_no: int, reason: str) -> None:
        super().__init__(reason, line=line_no)
        self.line_no = line_no

    def __str__(self) -> str:
        return f"{self.key}: line {self.line_no}: {self.reason}"


ALL_ERRORS: tuple[type[NormalizeError], ...] = (
    InvalidPhone,
    InvalidVin,
    InvalidPlate,
    InvalidMoney,
    InvalidQuantity,
    InvalidPercent,
    InvalidDate,
    InvalidTime,
    InvalidPartsLine,
)
