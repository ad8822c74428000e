"""Fault injection switches, applied by the app around each HTTP request.

Each switch is a Rule: how many times (None = until cleared), with what probability, for
which HTTP-level methods (`batch` counts as one), and whether the request is executed
first - a 500 or a dropped connection AFTER the write is what turns naive retries of
`*.add` into duplicates.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

# envelope: valid JSON that is no Bitrix24 answer (a proxy's own JSON); wrong_result: a
# Bitrix24-shaped answer whose result has the wrong type for the method.
Kind = Literal["down", "error_500", "hang", "drop", "html", "truncated", "envelope", "wrong_result"]
Garbage = Literal["html", "truncated", "envelope", "wrong_result"]


@dataclass
class Rule:
    kind: Kind
    count: int | None = None
    rate: float = 1.0
    methods: frozenset[str] | None = None
    after_execute: bool = False
    hang_seconds: float = 3600.0

    def matches(self, method: str, after: bool, rng: random.Random) -> bool:
        if self.after_execute != after:
            return False
        if self.methods is not None and method not in self.methods:
            return False
        if self.count is not None and self.count <= 0:
            return False
        return rng.random() < self.rate


@dataclass
class Gate:
    """Holds the first matching command (top level or inside a batch) until `open()`: before
    it runs, or with `after_execute` once it is stored and before the answer. `reached` is
    set when a command is held, so a test waits for that instead of sleeping."""

    method: str
    after_execute: bool = False
    when: Callable[[dict[str, Any]], bool] | None = None  # on the command's params
    reached: asyncio.Event = field(default_factory=asyncio.Event)
    opened: asyncio.Event = field(default_factory=asyncio.Event)
    used: bool = False

    def matches(self, method: str, after: bool, params: dict[str, Any]) -> bool:
        if self.used or self.after_execute != after or self.method != method:
            return False
        return self.when is None or self.when(params)

    async def hold(self) -> None:
        self.used = True
        self.reached.set()
        await self.opened.wait()

    def open(self) -> None:
        self.opened.set()


@dataclass
class Faults:
    rules: list[Rule] = field(default_factory=list)
    seed: int = 0
    _rng: random.Random = field(default_factory=random.Random)
    gates: list[Gate] = field(default_factory=list)
    # hung handlers wait on this, so clear() / portal.stop() lets them go
    _release: asyncio.Event = field(default_factory=asyncio.Event)
    # Requests held by a hang right now, and an event set while there is one: a test waits for
    # the client to be mid-call on this, not on a guess at how long the client takes to start.
    held: int = 0
    holding: asyncio.Event = field(default_factory=asyncio.Event)

    def __post_init__(self) -> None:
        self._rng.seed(self.seed)

    def _add(self, rule: Rule) -> Rule:
        self._release.clear()
        self.rules.append(rule)
        return rule

    @staticmethod
    def _methods(methods: list[str] | None) -> frozenset[str] | None:
        return frozenset(m.lower() for m in methods) if methods else None

    def down(self, count: int | None = None) -> Rule:
        """Portal answers an nginx-style 503 HTML page (use portal.go_down() for refusal)."""
        return self._add(Rule("down", count=count))

    def error_500(
        self,
        count: int | None = 1,
        rate: float = 1.0,
        after_execute: bool = False,
        methods: list[str] | None = None,
    ) -> Rule:
        return self._add(
            Rule("error_500", count, rate, self._methods(methods), after_execute=after_execute)
        )

    def hang(
        self, seconds: float = 3600.0, count: int | None = 1, methods: list[str] | None = None
    ) -> Rule:
        return self._add(Rule("hang", count, 1.0, self._methods(methods), hang_seconds=seconds))

    def drop(
        self,
        count: int | None = 1,
        rate: float = 1.0,
        after_execute: bool = False,
        methods: list[str] | None = None,
    ) -> Rule:
        return self._add(
            Rule("drop", count, rate, self._methods(methods), after_execute=after_execute)
        )

    def garbage(
        self,
        kind: Garbage = "html",
        count: int | None = 1,
        after_execute: bool = False,
        methods: list[str] | None = None,
    ) -> Rule:
        return self._add(
            Rule(kind, count, 1.0, self._methods(methods), after_execute=after_execute)
        )

    def gate(
        self,
        method: str,
        *,
        after_execute: bool = False,
        when: Callable[[dict[str, Any]], bool] | None = None,
    ) -> Gate:
        gate = Gate(method.lower(), after_execute, when)
        self.gates.append(gate)
        return gate

    async def pass_gate(self, method: str, after: bool, params: dict[str, Any]) -> None:
        for gate in self.gates:
            if gate.matches(method, after, params):
                await gate.hold()
                return

    def clear(self) -> None:
        self.rules.clear()
        for gate in self.gates:
            gate.open()
        self.gates.clear()
        self._release.set()

    def pick(self, method: str, after: bool) -> Rule | None:
        for rule in self.rules:
            if rule.matches(method, after, self._rng):
                if rule.count is not None:
                    rule.count -= 1
                return rule
        return None

    async def wait_hang(self, rule: Rule) -> None:
        self.held += 1
        self.holding.set()
        try:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._release.wait(), rule.hang_seconds)
        finally:
            self.held -= 1
            if not self.held:
                self.holding.clear()


HTML_502 = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)
HTML_503 = HTML_502.replace("502 Bad Gateway", "503 Service Temporarily Unavailable")
