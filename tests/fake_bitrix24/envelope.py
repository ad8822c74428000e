"""Success envelope: `result`, list `total`/`next`, the `time` block, PHP JSON artefacts."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any

# The portal's own timezone shows up in date_start/date_finish and entity dates.
PORTAL_TZ = timezone(timedelta(hours=3))


def iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, PORTAL_TZ).isoformat(timespec="seconds")


def time_block(
    start: float,
    finish: float,
    processing: float,
    operating: float | None = None,
    operating_reset_at: int | None = None,
) -> dict[str, Any]:
    block: dict[str, Any] = {
        "start": round(start, 6),
        "finish": round(finish, 6),
        "duration": round(finish - start, 6),
        "processing": round(processing, 6),
        "date_start": iso(start),
        "date_finish": iso(finish),
    }
    # cloud-only fields; present whenever the operating budget is tracked
    if operating is not None:
        block["operating_reset_at"] = operating_reset_at
        block["operating"] = round(operating, 6)
    return block


def php_value(value: Any) -> Any:
    """PHP json_encode of an empty array is `[]`, so every empty map goes out as a list."""
    if isinstance(value, dict):
        if not value:
            return []
        return {k: php_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [php_value(v) for v in value]
    return value


def php_map(mapping: dict[Any, Any]) -> Any:
    """A PHP array keyed 0..n-1 serialises as a JSON list (batch with a list `cmd`)."""
    keys = list(mapping)
    if keys and keys == list(range(len(keys))):
        return [mapping[k] for k in keys]
    return {str(k): v for k, v in mapping.items()}


def dumps(payload: Any) -> str:
    # PHP escapes non-ASCII by default; clients must cope with \uXXXX anyway
    return json.dumps(php_value(payload), ensure_ascii=True)


def success(
    result: Any, time: dict[str, Any], total: int | None = None, next_: int | None = None
) -> dict[str, Any]:
    body: dict[str, Any] = {"result": result}
    if next_ is not None:
        body["next"] = next_
    if total is not None:
        body["total"] = total
    body["time"] = time
    return body
