"""What a person must never read in a message or a timeline comment: a machine form.

`raw_forms(text)` lists them: a stage code (LABOUR_PRICING, DONE), a role code in Russian text
(`head`), an ISO date or timestamp, a number with trailing decimal zeros (`3100.00`) or in
scientific notation (`1E+1`), `None`, `True`/`False` or a list's repr, a brace left by a
template, a doubled currency sign, or a message key that failed to render.
`FluentErrors` records every error Fluent swallows while rendering (a missing argument renders
as the bare variable name, which no pattern can tell from a word).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from fluent.runtime import FluentBundle
from fluent.syntax import FluentParser, ast

from bot.i18n import LOCALES_DIR
from services.orders.stages import Stage
from services.staff.roles import Role

LOCALES = LOCALES_DIR

_CHECKS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # An upper-case identifier with underscores is a code (PARTS_PRICING, UF_CRM_TG_USER_ID).
    ("code", re.compile(r"(?<![\w-])[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+(?![\w-])")),
    ("stage code", re.compile("|".join(rf"(?<![\w-]){s.value}(?![\w-])" for s in Stage))),
    ("ISO date", re.compile(r"\b\d{4}-\d{2}-\d{2}\b")),
    ("ISO time", re.compile(r"\b\d{2}:\d{2}:\d{2}\b|\dT\d{2}:\d{2}")),
    # `str(Decimal)`: "3100.00", "2.000" (a date "10.12" has no such zeros).
    ("raw decimal", re.compile(r"(?<![\d.,])\d+\.0+(?![\d.,])|(?<![\d.,])\d{3,}\.\d\d\b")),
    ("None", re.compile(r"\bNone\b")),
    ("template brace", re.compile(r"[{}]")),
    ("doubled ₽", re.compile(r"₽\s*₽")),
    # `str(Decimal("1E+1"))` (Excel's "7.91612E+10" is quoted on purpose, in a phone's hint).
    ("scientific number", re.compile(r"(?<![\w.,])\d+E[+-]\d+\b")),
    # A Python value printed as is: True/False, a list's repr ['…'].
    ("Python repr", re.compile(r"\b(?:True|False)\b|\['|'\]")),
)
# In Russian text a Latin role name is the code leaking through (in English it is a word).
_ROLE_CODE = re.compile("|".join(rf"\b{r.value}\b" for r in Role))


def raw_forms(text: str, locale: str = "ru") -> list[str]:
    found = [
        f"{what}: {m.group()!r}"
        for what, rx in _CHECKS
        for m in rx.finditer(text)
        if m.group() not in _setting_names()
    ]
    if locale == "ru":
        found += [f"role code: {m.group()!r}" for m in _ROLE_CODE.finditer(text)]
    found += [f"message key: {m.group()!r}" for m in _key_pattern().finditer(text)]
    return found


def message_ids(locale: str = "ru") -> list[str]:
    return [m.id.name for _, m in messages(locale)]


def messages(locale: str) -> list[tuple[Path, ast.Message]]:
    found = []
    for path in sorted((LOCALES / locale).glob("*.ftl")):
        resource = FluentParser().parse(path.read_text(encoding="utf-8"))
        found += [(path, entry) for entry in resource.body if isinstance(entry, ast.Message)]
    return found


@cache
def _setting_names() -> frozenset[str]:
    """The bot's settings (.env.example): a message telling the director which one to set
    names it as it must be typed."""
    text = (Path(__file__).parent.parent / ".env.example").read_text(encoding="utf-8")
    return frozenset(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", text, re.MULTILINE))


@cache
def _key_pattern() -> re.Pattern[str]:
    # A message that failed to render comes out as its id ("notice-task_new"); ids contain a
    # hyphen, so plain words do not match.
    ids = sorted({i for i in message_ids("ru") + message_ids("en") if "-" in i}, key=len)
    alternatives = "|".join(re.escape(i) for i in reversed(ids))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


class FluentErrors:
    """Errors of every Fluent render made while the context is open (the bot's Translator,
    the relay's texts): a missing argument, an unknown message or term."""

    def __init__(self) -> None:
        self.errors: list[str] = []


@contextmanager
def fluent_errors() -> Iterator[FluentErrors]:
    seen = FluentErrors()
    original = FluentBundle.format_pattern

    def spy(self: FluentBundle, pattern: Any, args: Any = None) -> Any:
        value, errors = original(self, pattern, args)
        seen.errors += [f"{value!r}: {e!r}" for e in errors]
        return value, errors

    FluentBundle.format_pattern = spy  # type: ignore[method-assign]
    try:
        yield seen
    finally:
        FluentBundle.format_pattern = original  # type: ignore[method-assign]
