"""`python -m bench.statements`: the SQL statements each measured step sends, per backend.

The scenarios (bench/statement_scenarios.py) drive the same steps the tests drive, with the
tests' fixtures (the migrated databases, the shop of five, the bot harness), and count what
reaches the database in a window around the step. Each figure has the budget the speed work
reached; one over its budget makes the exit status 1. The tests assert what people see and
what is stored; these figures are how cheaply, which is speed work, not behaviour.

Last line: `statements_over_budget= figures= scenarios= counted_sqlite= counted_postgresql=`
(the counted_ sums add up every figure of a backend: a quick way to see a change anywhere).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

SCENARIOS = Path(__file__).with_name("statement_scenarios.py")
ROOT = SCENARIOS.parent.parent
BACKENDS = ("sqlite", "postgresql")


@dataclass
class Figure:
    scenario: str
    name: str
    value: int
    budget: int

    @property
    def over(self) -> bool:
        return self.value > self.budget


FIGURES: list[Figure] = []


@dataclass
class Window:
    """The statements (and `COMMIT` marks) the engine sends while a window is open."""

    engine: AsyncEngine
    scenario: str
    seen: list[str] = field(default_factory=list)

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def open(self, *, with_commits: bool = False) -> Iterator[list[str]]:
        self.seen.clear()

        def statement(*args: object) -> None:
            self.seen.append(str(args[2]))

        def commit(_connection: object) -> None:
            self.seen.append("COMMIT")

        sync = self.engine.sync_engine
        event.listen(sync, "before_cursor_execute", statement, named=False)
        if with_commits:
            event.listen(sync, "commit", commit)
        try:
            yield self.seen
        finally:
            event.remove(sync, "before_cursor_execute", statement)
            if with_commits:
                event.remove(sync, "commit", commit)

    def count(self, name: str, budget: int, match: Callable[[str], bool] | None = None) -> None:
        """Record how many seen statements `match` (all of them without one)."""
        value = len([s for s in self.seen if s != "COMMIT" and (match is None or match(s))])
        self.record(name, value, budget)

    def record(self, name: str, value: int, budget: int) -> None:
        FIGURES.append(Figure(f"{self.scenario}[{self.backend}]", name, value, budget))


@pytest.fixture
def window(db_engine: AsyncEngine, request: pytest.FixtureRequest) -> Window:
    return Window(db_engine, request.node.originalname.removeprefix("test_"))


def _report() -> tuple[str, int]:
    for f in FIGURES:
        mark = "  OVER" if f.over else ""
        print(f"{f.scenario:40} {f.name:26} {f.value:4d}  (budget {f.budget}){mark}")
    over = sum(f.over for f in FIGURES)
    counted = {b: sum(f.value for f in FIGURES if f.scenario.endswith(f"[{b}]")) for b in BACKENDS}
    pairs = [
        f"statements_over_budget={over}",
        f"figures={len(FIGURES)}",
        f"scenarios={len({f.scenario for f in FIGURES})}",
        *(f"counted_{backend}={n}" for backend, n in counted.items()),
    ]
    return " ".join(pairs), over


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.statements", description=__doc__)
    parser.add_argument("-k", help="only the scenarios this pytest -k expression selects")
    args = parser.parse_args(argv)
    pytest_args = [str(SCENARIOS), "-q", "-p", "no:randomly", "--rootdir", str(ROOT)]
    if args.k:
        pytest_args += ["-k", args.k]
    code = pytest.main(pytest_args, plugins=[sys.modules[__name__]])
    line, over = _report()
    print(line)
    return 1 if code or over else 0


if __name__ == "__main__":
    raise SystemExit(main())
