"""PHP-style (`http_build_query`) encoding of nested parameters for batch sub-queries.

A batch command is `"method?query"`; the portal runs `parse_str` on the query, so nested data
travels as `fields[PHONE][0][VALUE]=…` (contract §1, §5).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any, Protocol, runtime_checkable
from urllib.parse import quote


@runtime_checkable
class RawQueryValue(Protocol):
    """A value inserted verbatim, e.g. a `$result[deal]` reference that the portal substitutes."""

    def as_query_value(self) -> str: ...


def php_query(params: Mapping[str, Any]) -> str:
    """`{"fields": {"TITLE": "A&B"}}` → `fields[TITLE]=A%26B`.

    Like PHP's `http_build_query`, `None` and empty lists/maps produce nothing, so the portal
    never sees them; send `""` to clear a field.
    """
    return "&".join(f"{key}={value}" for key, value in _pairs(params, prefix=None))


def _pairs(value: Any, prefix: str | None) -> Iterator[tuple[str, str]]:
    if isinstance(value, Mapping):
        for key, item in value.items():
            yield from _pairs(item, _key(prefix, str(key)))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _pairs(item, _key(prefix, str(index)))
    elif value is None:
        return
    else:
        if prefix is None:
            raise TypeError("top-level parameters must be a mapping")
        yield prefix, _scalar(value)


def _key(prefix: str | None, name: str) -> str:
    # Brackets stay literal: parse_str reads them either way and the log stays readable.
    encoded = quote(name, safe="")
    return encoded if prefix is None else f"{prefix}[{encoded}]"


def _scalar(value: Any) -> str:
    if isinstance(value, RawQueryValue):
        return value.as_query_value()
    return quote(scalar_text(value), safe="")


def scalar_text(value: Any) -> str:
    """The string a scalar becomes in a query: query strings carry no types (contract §5)."""
    if isinstance(value, bool):
        # Old crm.* methods read Y/N; send "1"/"0" or "true" yourself where a method wants those.
        return "Y" if value else "N"
    if isinstance(value, enum.Enum):
        return scalar_text(value.value)
    if isinstance(value, float):
        text = repr(value)
        if "e" in text or "E" in text:
            text = f"{value:.20f}".rstrip("0").rstrip(".")
        return text
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, str):
        return value
    raise TypeError(f"cannot encode {type(value).__name__} in a query string")


def json_default(value: Any) -> Any:
    """`json.dumps` hook for the JSON bodies: dates as ISO-8601, decimals as strings."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, enum.Enum):
        return value.value
    raise TypeError(f"cannot encode {type(value).__name__} as JSON")
