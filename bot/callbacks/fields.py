"""Bounded field types for callback data: a forged button fails to decode instead of reaching a
handler with an id no column can hold, a negative offset or a date that does not exist."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, Field

# Every id column is a 32-bit INTEGER; PostgreSQL refuses a wider bound parameter outright.
DbId = Annotated[int, Field(ge=0, le=2**31 - 1)]
# How far a list can be paged: far more rows than a shop will ever list.
Offset = Annotated[int, Field(ge=0, le=1_000_000)]


def _compact_day(text: str) -> str:
    if text:
        datetime.strptime(text, "%Y%m%d")  # ValueError for "2026AB01" or "20260231"
    return text


# A day as YYYYMMDD, or "" for none.
CompactDay = Annotated[str, Field(max_length=8), AfterValidator(_compact_day)]
