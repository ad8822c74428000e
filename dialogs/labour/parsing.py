"""Works as the head types them, one per line: "Замена колодок 1500", "Диагностика; 2000"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from services.normalize import parse_money
from services.normalize.errors import InvalidMoney

MAX_LINES = 30
MAX_NAME = 200
# "12 500" is one sum: a 1-3 digit group followed by 3-digit groups, kopecks on the last one.
_GROUPED = re.compile(r"\d{1,3}(?: \d{3})+(?:[.,]\d{1,2})?")
_CURRENCY = {"₽", "р", "р.", "руб", "руб.", "rub", "rub."}


@dataclass(frozen=True)
class WorkLine:
    name: str
    cost: Decimal


class WorkLineError(Exception):
    """Line `line` (1-based, as the head sees it) is wrong; `money` is the parser's refusal."""

    def __init__(self, line: int, text: str, problem: str, money: InvalidMoney | None = None):
        super().__init__(f"line {line}: {problem}")
        self.line, self.text, self.problem, self.money = line, text, problem, money


def parse_works(text: str) -> list[WorkLine]:
    """Every non-empty line, or `WorkLineError` for the first wrong one (nothing half-read)."""
    lines = [(n, line.strip()) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    if not lines:
        raise WorkLineError(0, "", "empty")
    if len(lines) > MAX_LINES:
        raise WorkLineError(lines[MAX_LINES][0], lines[MAX_LINES][1], "too-many")
    return [_parse_line(n, line) for n, line in lines]


def _parse_line(n: int, line: str) -> WorkLine:
    if ";" in line:
        name, _, cost_text = line.rpartition(";")
    else:
        name, cost_text = _split_cost(line)
    name = " ".join(name.split()).strip(" ;—-–")
    if not any(ch.isdigit() for ch in cost_text):
        raise WorkLineError(n, line, "no-cost")
    try:
        cost = parse_money(cost_text)
    except InvalidMoney as error:
        raise WorkLineError(n, line, "cost", error) from None
    if not name:
        raise WorkLineError(n, line, "no-name")
    if len(name) > MAX_NAME:
        raise WorkLineError(n, line, "long-name")
    return WorkLine(name, cost)


def _split_cost(line: str) -> tuple[str, str]:
    """The cost is the last token ("1500", "1500₽"), or a grouped sum ("12 500 руб")."""
    tokens = line.split()
    tail: list[str] = []
    if len(tokens) > 1 and tokens[-1].lower() in _CURRENCY:
        tail = [tokens.pop()]
    if len(tokens) < 2:
        return "", line
    # The longest trailing run that reads as one grouped sum and leaves a name before it.
    for size in range(min(4, len(tokens) - 1), 1, -1):
        chunk = " ".join(tokens[-size:])
        if _GROUPED.fullmatch(chunk):
            return " ".join(tokens[:-size]), " ".join([chunk, *tail])
    return " ".join(tokens[:-1]), " ".join([tokens[-1], *tail])
