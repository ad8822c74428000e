"""Value coercion (input) and per-family rendering (output, §2 value typing)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from tests.fake_bitrix24.query import _as_dt

TRUE = {"Y", "1", "TRUE", "ON"}


def yn(value: Any) -> str:
    if isinstance(value, bool):
        return "Y" if value else "N"
    return "Y" if str(value).upper() in TRUE else "N"


def to_int(value: Any) -> int | None:
    if value is None or value is False or value == "":
        return None
    try:
        return int(float(str(value)))
    except ValueError:
        return None


def to_float(value: Any) -> float | None:
    if value in (None, ""):
        return None
    try:
        return float(str(value).replace(",", "."))
    except ValueError:
        return None


def coerce(kind: str, value: Any) -> Any:
    """Input value -> native value for a field type."""
    if kind in ("integer", "user", "crm_contact", "crm_company", "crm_category", "employee"):
        return to_int(value)
    if kind in ("double", "money"):
        return to_float(value)
    if kind == "char":
        return yn(value)
    if kind == "boolean":
        return yn(value) == "Y"
    if kind in ("date", "datetime"):
        return _as_dt(value) if value not in (None, "") else None
    if value is None:
        return None
    return value if isinstance(value, list | dict) else str(value)


def iso_out(value: datetime | date | None) -> str | None:
    if value is None:
        return None
    dt = _as_dt(value)
    return dt.isoformat(timespec="seconds") if dt else None


def old_crm_out(kind: str, value: Any) -> Any:
    """Old crm.* send numbers as strings ("410", "1000000.00"), nulls as null."""
    if value is None:
        return None
    if isinstance(value, list):
        return [old_crm_out(kind, v) for v in value]
    if kind in ("double", "money"):
        return f"{float(value):.2f}"
    if kind in ("date", "datetime"):
        return iso_out(value)
    if kind == "boolean":
        return "1" if value else "0"
    if isinstance(value, dict):
        return value
    return str(value)


def typed_out(kind: str, value: Any) -> Any:
    """crm.item.* is typed: ints, floats, ISO dates, Y/N chars."""
    if value is None:
        return None
    if isinstance(value, list):
        return [typed_out(kind, v) for v in value]
    if kind in ("date", "datetime"):
        return iso_out(value)
    if kind in ("integer", "user", "crm_contact", "crm_company", "crm_category", "employee"):
        return to_int(value)
    if kind in ("double", "money"):
        return to_float(value)
    if kind == "boolean":
        return bool(value)
    return value
