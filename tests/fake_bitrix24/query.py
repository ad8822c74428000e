"""List-method mechanics shared by all stores (§6): filter prefixes, order, pagination.

Rows are plain dicts of native values; `get` maps a filter/order field name to the row
value (stores use it for aliases and multifields). List-valued row fields (PHONE values,
UF_CRM_TASK, multiple UFs) match when any element matches.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from tests.fake_bitrix24.envelope import PORTAL_TZ
from tests.fake_bitrix24.errors import B24Error, invalid_arg

PAGE = 50
# longest prefixes first so "!=%" is not read as "!" + "=%"
_PREFIXES = ["!=%", "!%=", "=%", "%=", "!%", "!@", "!=", ">=", "<=", "!", ">", "<", "@", "%", "="]

Getter = Callable[[dict[str, Any], str], Any]


def split_key(key: str) -> tuple[str, str]:
    for prefix in _PREFIXES:
        if key.startswith(prefix):
            return prefix, key[len(prefix) :]
    return "=", key


def _as_dt(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=PORTAL_TZ)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=PORTAL_TZ)
    if not isinstance(value, str) or not value:
        return None
    text = value.strip()
    for fmt in ("%d.%m.%Y %H:%M:%S", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=PORTAL_TZ)
        except ValueError:
            pass
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=PORTAL_TZ)


def _coerce(row_value: Any, wanted: Any) -> tuple[Any, Any]:
    """Compare like the DB would: numbers as numbers, dates as dates, else as text."""
    if isinstance(row_value, bool):
        row_value = "Y" if row_value else "N"
    if isinstance(row_value, datetime | date):
        return _as_dt(row_value), _as_dt(wanted)
    if isinstance(row_value, int | float):
        try:
            return float(row_value), float(wanted)
        except (TypeError, ValueError):
            return str(row_value), str(wanted)
    if row_value is None:
        return None, None if wanted in (None, "", False) else wanted
    if isinstance(wanted, bool):
        wanted = "Y" if wanted else "N"
    return str(row_value), "" if wanted is None else str(wanted)


def _like(row_value: Any, pattern: str, explicit: bool) -> bool:
    if row_value is None:
        return False
    text = str(row_value).lower()
    if not explicit:
        return pattern.lower() in text
    regex = "^" + ".*".join(re.escape(p) for p in pattern.lower().split("%")) + "$"
    return re.match(regex, text, re.S) is not None


def _compare(op: str, row_value: Any, wanted: Any) -> bool:
    if op in ("@", "!@"):
        options = wanted if isinstance(wanted, list) else [wanted]
        hit = any(_compare("=", row_value, w) for w in options)
        return hit if op == "@" else not hit
    if op in ("%", "=%", "%=", "!%", "!=%", "!%="):
        hit = _like(row_value, str(wanted), explicit=op not in ("%", "!%"))
        return not hit if op.startswith("!") else hit
    a, b = _coerce(row_value, wanted)
    if op == "=":
        return a == b
    if op in ("!", "!="):
        return a != b
    if a is None or b is None:
        return False
    try:
        if op == ">":
            return a > b
        if op == ">=":
            return a >= b
        if op == "<":
            return a < b
        if op == "<=":
            return a <= b
    except TypeError:
        return False
    raise invalid_arg(f"Unknown filter operation {op}")


def _match_one(op: str, row_value: Any, wanted: Any) -> bool:
    if isinstance(row_value, list):
        negative = op.startswith("!")
        if not row_value:
            return negative
        positive = op.lstrip("!") or "="
        hits = [_compare(positive, v, wanted) for v in row_value]
        return not any(hits) if negative else any(hits)
    if op == "=" and isinstance(wanted, list):
        op = "@"  # Bitrix treats an array value without prefix as IN
    return _compare(op, row_value, wanted)


def matches(row: dict[str, Any], flt: Any, get: Getter, allow_logic: bool = True) -> bool:
    if not flt:
        return True
    if not isinstance(flt, dict):
        if isinstance(flt, list):  # PHP list of sub-filters, AND-ed
            return all(matches(row, f, get, allow_logic) for f in flt)
        raise invalid_arg("Filter must be an array")
    logic = str(flt.get("logic", flt.get("LOGIC", "AND"))).upper()
    results: list[bool] = []
    for key, wanted in flt.items():
        if key.lower() == "logic":
            continue
        if isinstance(wanted, dict) and (key.isdigit() or key.startswith("__")):
            if not allow_logic:
                raise B24Error(400, "", "Filter with logic is not supported.")
            results.append(matches(row, wanted, get, allow_logic))
            continue
        op, field = split_key(key)
        results.append(_match_one(op, get(row, field), wanted))
    return any(results) if logic == "OR" else all(results)


def _sort_key(value: Any) -> tuple[int, Any]:
    if value is None:
        return (0, 0)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return (1, float(value))
    if isinstance(value, datetime | date):
        return (1, _as_dt(value).timestamp())  # type: ignore[union-attr]
    return (2, str(value).lower())


def order_rows(
    rows: list[dict[str, Any]], order: Any, get: Getter, default: dict[str, str]
) -> list[dict[str, Any]]:
    spec = order if isinstance(order, dict) and order else default
    out = list(rows)
    for field, direction in reversed(list(spec.items())):
        d = str(direction).upper()
        if d not in ("ASC", "DESC"):
            raise invalid_arg(f"Invalid sort direction {direction!r}")
        out.sort(key=lambda r, f=field: _sort_key(get(r, f)), reverse=d == "DESC")
    return out


def page(rows: Iterable[Any], start: Any) -> tuple[list[Any], int, int | None]:
    """Returns (page, total, next). start=-1 skips the COUNT: total 0 and no next (§6)."""
    items = list(rows)
    try:
        offset = int(start or 0)
    except (TypeError, ValueError):
        offset = 0
    if offset == -1:
        return items[:PAGE], 0, None
    offset = max(offset, 0)
    chunk = items[offset : offset + PAGE]
    nxt = offset + PAGE if offset + PAGE < len(items) else None
    return chunk, len(items), nxt
