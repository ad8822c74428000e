"""The few expressions SQLite and PostgreSQL spell differently, so the report stays in SQL."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import Date, Float, Integer, cast, extract, func, literal
from sqlalchemy.sql.elements import ColumnElement

POSTGRESQL = "postgresql"


def seconds_between(dialect: str, start: Any, end: Any) -> ColumnElement[float]:
    """`end - start` in seconds, as a float."""
    if dialect == POSTGRESQL:
        return cast(extract("epoch", end - start), Float)
    return (func.julianday(end) - func.julianday(start)) * 86400.0


def days_since(dialect: str, today: date, column: Any) -> ColumnElement[int]:
    """Whole days from the date in `column` to `today`."""
    if dialect == POSTGRESQL:
        return cast(literal(today, Date) - column, Integer)
    return cast(func.julianday(today.isoformat()) - func.julianday(column), Integer)


def local_week_start(dialect: str, column: Any, offset: timedelta) -> ColumnElement[Any]:
    """The Monday (in the shop's zone, given as a fixed UTC offset) of a UTC timestamp."""
    seconds = int(offset.total_seconds())
    if dialect == POSTGRESQL:
        local = func.timezone("UTC", column) + literal(offset)
        return cast(func.date_trunc("week", local), Date)
    # 'weekday 1' moves forward to a Monday, so step back six days first.
    return func.date(column, f"{seconds:+d} seconds", "-6 days", "weekday 1")


def as_date(value: Any) -> date:
    """SQLite answers dates as text."""
    return value if isinstance(value, date) else date.fromisoformat(str(value))
