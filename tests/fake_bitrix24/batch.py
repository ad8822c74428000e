"""`batch` (§5): ≤50 sub-calls, `halt`, `$result[key][field]` references, five result maps."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from tests.fake_bitrix24.envelope import php_map
from tests.fake_bitrix24.errors import B24Error
from tests.fake_bitrix24.params import parse_query
from tests.fake_bitrix24.registry import Params

if TYPE_CHECKING:
    from tests.fake_bitrix24.portal import FakePortal

MAX_COMMANDS = 50
_REF = re.compile(r"\$(result_error|result_total|result_next|result_time|result)((?:\[[^\]]*\])+)")


def _truthy(value: Any) -> bool:
    return str(value).strip().lower() in ("1", "true", "y", "yes")


def _php_str(value: Any) -> str:
    if value is True:
        return "1"
    if value is False or value is None:
        return ""
    return str(value)


def _resolve(maps: dict[str, dict[Any, Any]], kind: str, path: str) -> tuple[bool, Any]:
    node: Any = maps[kind]
    for part in re.findall(r"\[([^\]]*)\]", path):
        if isinstance(node, dict):
            if part in node:
                node = node[part]
            elif part.isdigit() and int(part) in node:
                node = node[int(part)]
            else:
                return False, None
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return False, None
    return True, node


def substitute(value: Any, maps: dict[str, dict[Any, Any]]) -> Any:
    """Replace references in every parsed value; a value that is exactly one reference takes
    the referenced value itself, an embedded one is interpolated as text."""
    if isinstance(value, dict):
        return {k: substitute(v, maps) for k, v in value.items()}
    if isinstance(value, list):
        return [substitute(v, maps) for v in value]
    if not isinstance(value, str) or "$result" not in value:
        return value
    whole = _REF.fullmatch(value)
    if whole:
        found, target = _resolve(maps, whole.group(1), whole.group(2))
        return target if found else value

    def repl(m: re.Match[str]) -> str:
        found, target = _resolve(maps, m.group(1), m.group(2))
        return _php_str(target) if found else m.group(0)

    return _REF.sub(repl, value)


async def run_batch(portal: FakePortal, params: Params) -> dict[str, Any]:
    from tests.fake_bitrix24.dispatch import execute

    cmd = params.get("cmd") or {}
    halt = _truthy(params.get("halt", False))
    commands = (
        list(enumerate(cmd))
        if isinstance(cmd, list)
        else list(cmd.items())
        if isinstance(cmd, dict)
        else []
    )
    if len(commands) > MAX_COMMANDS:
        raise B24Error(400, "ERROR_BATCH_LENGTH_EXCEEDED", "Max batch length exceeded")
    maps: dict[str, dict[Any, Any]] = {
        k: {} for k in ("result", "result_error", "result_total", "result_next", "result_time")
    }
    for key, command in commands:
        method_name, _, query = str(command).partition("?")
        data = substitute(parse_query(query), maps)
        outcome = await execute(portal, method_name, data, in_batch=True)
        if outcome.time is not None:
            maps["result_time"][key] = outcome.time
        if outcome.error is not None:
            maps["result_error"][key] = outcome.error.body()
            if halt:
                break
            continue
        maps["result"][key] = outcome.result
        if outcome.total is not None:
            maps["result_total"][key] = outcome.total
        if outcome.next is not None:
            maps["result_next"][key] = outcome.next
    return {name: php_map(m) for name, m in maps.items()}
