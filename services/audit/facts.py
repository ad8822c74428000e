"""Audit facts kept as machine text (`str(Decimal)`, ISO dates) shown the bot's way: «3 100 ₽»,
«чт 10.12, 10:00» in shop time, «пн 14.12», «10». The director's journal and the Bitrix24 timeline
comments both read facts through here."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from services.normalize.dates import format_date, format_datetime
from services.normalize.money import format_money, format_quantity

MONEY_ARGS = frozenset({"purchase", "sale", "cost"})
MOMENT_ARGS = frozenset({"appointment_at"})
DAY_ARGS = frozenset({"expected_date"})
# Quantities as «10», also in rows queued when they were written `normalize()`d («1E+1»).
QUANTITY_ARGS = frozenset({"quantity", "received", "unit"})


def format_fact(name: str, value: Any, tz: ZoneInfo, locale: str) -> str | None:
    """The fact in words when `name` is a money, moment, day or quantity fact of the usual
    shape; None otherwise (the caller shows it its own way, or as written)."""
    if value is None:
        return None
    text = str(value)
    try:
        if name in MONEY_ARGS:
            return format_money(Decimal(text))
        if name in MOMENT_ARGS:
            return format_datetime(datetime.fromisoformat(text), tz, locale)
        if name in DAY_ARGS:
            return format_date(date.fromisoformat(text), locale)
        if name in QUANTITY_ARGS:
            return format_quantity(Decimal(text))
    except (ValueError, ArithmeticError, InvalidOperation):
        pass
    return None
