"""PHP-style bracket keys: parse_str (request side) and http_build_query (emitter side).

`fields[PHONE][0][VALUE]=1&select[]=ID` <-> {"fields": {"PHONE": [{"VALUE": "1"}]},
"select": ["ID"]}. One module so the fake decodes exactly what its event emitter encodes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import parse_qsl, urlencode

_KEY_RE = re.compile(r"^([^\[]+)((?:\[[^\]]*\])*)")
_SUB_RE = re.compile(r"\[([^\]]*)\]")


def _split_key(key: str) -> list[str]:
    m = _KEY_RE.match(key)
    if not m:
        return [key]
    return [m.group(1), *_SUB_RE.findall(m.group(2))]


def _listify(node: Any) -> Any:
    """PHP has no lists; a map keyed exactly 0..n-1 is what our handlers treat as a list."""
    if isinstance(node, dict):
        converted = {k: _listify(v) for k, v in node.items()}
        keys = list(converted)
        if keys and all(isinstance(k, int) for k in keys) and keys == list(range(len(keys))):
            return [converted[i] for i in keys]
        return {str(k): v for k, v in converted.items()}
    return node


def parse_pairs(pairs: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    """Build the nested structure PHP's parse_str would build from decoded key/value pairs."""
    root: dict[Any, Any] = {}
    for key, value in pairs:
        parts = _split_key(key)
        node = root
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            if part == "" and i > 0:
                ints = [k for k in node if isinstance(k, int)]
                part_key: Any = (max(ints) + 1) if ints else 0
            elif i > 0 and re.fullmatch(r"-?\d+", part):
                part_key = int(part)
            else:
                part_key = part
            if last:
                node[part_key] = value
            else:
                child = node.get(part_key)
                if not isinstance(child, dict):
                    child = {}
                    node[part_key] = child
                node = child
    top = {str(k): _listify(v) for k, v in root.items()}
    return top


def parse_query(query: str) -> dict[str, Any]:
    return parse_pairs(parse_qsl(query, keep_blank_values=True))


def _scalar(value: Any) -> str:
    # http_build_query: true -> "1", false -> "0"
    if value is True:
        return "1"
    if value is False:
        return "0"
    return str(value)


def build_pairs(data: Mapping[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    """Flatten like PHP's http_build_query (None values are skipped, as PHP skips null)."""
    pairs: list[tuple[str, str]] = []
    for key, value in data.items():
        name = f"{prefix}[{key}]" if prefix else str(key)
        if value is None:
            continue
        if isinstance(value, Mapping):
            pairs.extend(build_pairs(value, name))
        elif isinstance(value, list | tuple):
            pairs.extend(build_pairs(dict(enumerate(value)), name))
        else:
            pairs.append((name, _scalar(value)))
    return pairs


def build_query(data: Mapping[str, Any]) -> str:
    """The wire form: brackets percent-encoded (%5B/%5D), spaces as '+', like PHP urlencode."""
    return urlencode(build_pairs(data))
