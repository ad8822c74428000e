"""Batch builder (≤ 50 commands, `$result[...]` references) and its parsed answer (contract §5)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from services.crm.bitrix24.encoding import php_query
from services.crm.bitrix24.errors import Bitrix24Error, NotExecuted, error_from_payload

MAX_COMMANDS = 50
# Keys end up inside `$result[key]`, which the portal matches with a regex; purely numeric
# keys would also turn the answer maps into PHP lists. Letters, digits, `_`; no leading digit.
_KEY_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")


class BatchFull(ValueError):
    """A 51st command: the portal would refuse it with ERROR_BATCH_LENGTH_EXCEEDED."""


@dataclass(frozen=True, slots=True)
class Ref:
    """The result of an earlier command, substituted by the portal: `ref["ID"]`, `ref[0]["ID"]`."""

    key: str
    path: tuple[str | int, ...] = ()

    def __getitem__(self, item: str | int) -> Ref:
        return Ref(self.key, (*self.path, item))

    def as_query_value(self) -> str:
        return f"$result[{self.key}]" + "".join(f"[{part}]" for part in self.path)

    def __str__(self) -> str:
        return self.as_query_value()


@dataclass(frozen=True, slots=True)
class Command:
    key: str
    method: str
    params: Mapping[str, Any]

    @property
    def query(self) -> str:
        encoded = php_query(self.params)
        return f"{self.method}?{encoded}" if encoded else self.method


class Batch:
    """Commands run in order on the portal; with `halt` the first failure stops the rest."""

    def __init__(self, *, halt: bool = False) -> None:
        self.halt = halt
        self._commands: dict[str, Command] = {}

    def add(
        self, method: str, params: Mapping[str, Any] | None = None, *, key: str | None = None
    ) -> Ref:
        if len(self._commands) >= MAX_COMMANDS:
            raise BatchFull(f"a batch holds at most {MAX_COMMANDS} commands")
        if method.strip().lower() == "batch":
            raise ValueError("a batch cannot contain another batch")
        key = key or f"c{len(self._commands)}"
        if not _KEY_RE.match(key):
            raise ValueError(f"bad command key {key!r}: letters, digits, _; not a digit first")
        if key in self._commands:
            raise ValueError(f"duplicate command key {key!r}")
        params = dict(params or {})
        for ref in _refs(params):
            if ref.key not in self._commands:
                raise ValueError(f"{key!r} refers to {ref.key!r}, which is not an earlier command")
        self._commands[key] = Command(key, method, params)
        return Ref(key)

    def __len__(self) -> int:
        return len(self._commands)

    @property
    def full(self) -> bool:
        return len(self._commands) >= MAX_COMMANDS

    @property
    def commands(self) -> list[Command]:
        return list(self._commands.values())

    def payload(self) -> dict[str, Any]:
        return {
            "halt": 1 if self.halt else 0,
            "cmd": {key: command.query for key, command in self._commands.items()},
        }


def _refs(value: Any) -> list[Ref]:
    if isinstance(value, Ref):
        return [value]
    if isinstance(value, Mapping):
        return [ref for item in value.values() for ref in _refs(item)]
    if isinstance(value, list | tuple):
        return [ref for item in value for ref in _refs(item)]
    return []


@dataclass(slots=True)
class BatchResult:
    """Per-command outcomes; a command is in exactly one of `results`, `errors`, or neither
    (not executed because of `halt`)."""

    keys: list[str]
    methods: dict[str, str]
    results: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, Bitrix24Error] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)
    nexts: dict[str, int] = field(default_factory=dict)
    times: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def parse(cls, batch: Batch, result: Any) -> BatchResult:
        body = _as_map(result)
        methods = {c.key: c.method for c in batch.commands}
        parsed = cls(keys=list(methods), methods=methods)
        parsed.results = _as_map(body.get("result"))
        for key, payload in _as_map(body.get("result_error")).items():
            parsed.errors[key] = error_from_payload(payload, method=methods.get(key))
            parsed.results.pop(key, None)
        parsed.totals = {k: int(v) for k, v in _as_map(body.get("result_total")).items()}
        parsed.nexts = {k: int(v) for k, v in _as_map(body.get("result_next")).items()}
        parsed.times = {
            k: v for k, v in _as_map(body.get("result_time")).items() if isinstance(v, dict)
        }
        return parsed

    @property
    def ok(self) -> bool:
        return not self.errors and all(key in self.results for key in self.keys)

    def executed(self, key: str) -> bool:
        return key in self.results or key in self.errors

    def __getitem__(self, key: str | Ref) -> Any:
        """The command's result, or its error raised."""
        key = key.key if isinstance(key, Ref) else key
        if key in self.errors:
            raise self.errors[key]
        if key in self.results:
            return self.results[key]
        if key in self.methods:
            raise NotExecuted(
                "", "skipped after an earlier failure (halt)", method=self.methods[key]
            )
        raise KeyError(key)


def _as_map(value: Any) -> dict[str, Any]:
    # PHP sends an empty map as `[]` and a map with keys 0..n-1 as a list (contract §2).
    if isinstance(value, dict):
        return {str(k): v for k, v in value.items()}
    if isinstance(value, list):
        return {str(i): v for i, v in enumerate(value)}
    return {}
