"""PHP bracket keys of a form body (`data[FIELDS][ID]=812`) back into nested dicts."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

_PART = re.compile(r"\[([^\]]*)\]")


def nest(pairs: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """`[("data[FIELDS][ID]", "812")]` → `{"data": {"FIELDS": {"ID": "812"}}}`.

    An empty bracket (`a[]=1&a[]=2`) appends with the next free index, as PHP does; lists stay
    dicts keyed by index strings, which is all the event payloads need.
    """
    out: dict[str, Any] = {}
    for key, value in pairs:
        head, _, rest = key.partition("[")
        parts = [head] + (_PART.findall("[" + rest) if rest else [])
        node = out
        for n, part in enumerate(parts):
            if part == "":
                part = str(len(node))
            if n == len(parts) - 1:
                node[part] = value
            else:
                child = node.get(part)
                if not isinstance(child, dict):
                    child = node[part] = {}
                node = child
    return out
