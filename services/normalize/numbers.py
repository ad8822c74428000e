"""Decimal numbers as people type them: "12 500,50", "12500.5", "1,5". Shared by money,
quantity and percent parsing, which add their own units and limits."""

from __future__ import annotations

import re
from decimal import Decimal

# Thousands are grouped with spaces (any width: Telegram clients and Excel paste NBSP and
# thin spaces) or apostrophes; a single "," or "." is the decimal separator. "12,500" is
# therefore 12.500 and refused for three decimals rather than silently read as 12500.
_SPACES = str.maketrans({c: " " for c in "\u00a0\u2007\u2009\u202f\t'’"})
_NUMBER = re.compile(r"(\d{1,3}(?: \d{3})+|\d+)(?:[.,](\d+))?")
_MAX_LEN = 64


class NumberShapeError(Exception):
    """Internal: the caller turns `reason` into its own error class."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def parse_decimal(text: str, max_decimals: int) -> Decimal:
    """A non-negative decimal; reasons "empty", "format", "negative", "decimals"."""
    s = text.translate(_SPACES).strip()
    if not s:
        raise NumberShapeError("empty")
    if len(s) > _MAX_LEN:
        raise NumberShapeError("format")
    negative = s[0] in "-−–"
    if negative or s[0] == "+":
        s = s[1:].lstrip()
    s = re.sub(r" +", " ", s)
    m = _NUMBER.fullmatch(s)
    if m is None:
        raise NumberShapeError("format")
    whole, frac = m.group(1).replace(" ", ""), m.group(2) or ""
    if negative and (whole.strip("0") or frac.strip("0")):
        raise NumberShapeError("negative")
    if len(frac) > max_decimals:
        raise NumberShapeError("decimals")
    return Decimal(f"{whole}.{frac}" if frac else whole)
