"""Control characters never reach the database: PostgreSQL refuses NUL in any text column,
and the others only garble what people read. Tabs and line breaks stay."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def without_control(text: str) -> str:
    return _CONTROL.sub("", text)


def has_control(text: str) -> bool:
    return _CONTROL.search(text) is not None
