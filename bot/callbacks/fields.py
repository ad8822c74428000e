"""Bounded field types for callback data: a forged button fails to decode instead of reaching a
handler with an id no column can hold or a negative offset."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

# Every id column is a 32-bit INTEGER; PostgreSQL refuses a wider bound parameter outright.
DbId = Annotated[int, Field(ge=0, le=2**31 - 1)]
# How far a list can be paged: far more rows than a shop will ever list.
Offset = Annotated[int, Field(ge=0, le=1_000_000)]
