"""Every message of both languages, rendered with realistic arguments, reads as text for people:
no stage or role code, ISO date, `3100.00`, `None`, template brace or Fluent error.

The arguments come from each message's own variable names (parsed with fluent.syntax), so a key
added later is checked without touching this test: names about dates get a date the way the bot
passes it (already formatted in shop time), names about money get «3 100 ₽», counts get numbers,
names get «Иван Петров», stages get a stage's name. A variable a message selects on gets each of
its variants' keys in turn. What the code builds before Fluent (journal facts, refusals, stage
names) is checked by the screen-level walk in tests/mirror/test_no_raw_forms.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fluent.syntax import ast, visitor

from bot.i18n import Translator
from services.normalize import format_money
from services.normalize.dates import format_date, format_datetime
from tests.raw_forms import fluent_errors, messages, raw_forms

TZ = ZoneInfo("Europe/Moscow")
MOMENT = datetime(2026, 12, 10, 7, 0, tzinfo=UTC)  # чт 10.12, 10:00 in Moscow
DAY = date(2026, 12, 14)
PLURALS = ("one", "few", "many", "other", "zero", "two")
PLURAL_SAMPLES = {"zero": 0, "one": 1, "two": 2, "few": 3, "many": 5, "other": 7}


class _Variables(visitor.Visitor):
    """The variables a message shows and those it selects on, with their variants' keys."""

    def __init__(self) -> None:
        self.shown: set[str] = set()
        self.selectors: dict[str, list[str | int]] = {}

    def visit_SelectExpression(self, node: ast.SelectExpression) -> None:
        if isinstance(node.selector, ast.VariableReference):
            keys = self.selectors.setdefault(node.selector.id.name, [])
            for variant in node.variants:
                key = variant.key
                if isinstance(key, ast.NumberLiteral):
                    keys.append(int(float(key.value)))
                elif key.name in PLURALS:
                    keys.append(PLURAL_SAMPLES[key.name])
                else:
                    keys.append(key.name)
        else:
            self.visit(node.selector)
        for variant in node.variants:
            self.visit(variant.value)

    def visit_VariableReference(self, node: ast.VariableReference) -> None:
        self.shown.add(node.id.name)


_WORDS = {
    "ru": {
        "name": "Иван Петров",
        "stage": "Калькуляция работ",
        "role": "руководитель СТО",
        "roles": "мастер-приёмщик, директор",
        "part": "Стойка стабилизатора",
        "vendor": "Emex",
        "car": "BMW X5 · А123ВС77",
        "text": "стук спереди справа на кочках",
    },
    "en": {
        "name": "Ivan Petrov",
        "stage": "Labour pricing",
        "role": "shop head",
        "roles": "service advisor, director",
        "part": "Stabiliser link",
        "vendor": "Emex",
        "car": "BMW X5 · А123ВС77",
        "text": "knocking front right over bumps",
    },
}
# Substrings of a variable's name → the kind of value the bot passes for it. First match wins,
# so the specific come before the general ("days" is a count, "day" a date).
_RULES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("phone",), "phone"),
    (("order_no", "vendor_order", "number"), "order_no"),
    (("stage", "source", "target"), "stage"),
    (("roles",), "roles"),
    (("role",), "role"),
    (("days", "hours", "minutes", "count", "qty", "quantity", "limit", "length", "steps"), "int"),
    (("date", "day", "deadline", "expires", "_at", "when", "first", "last", "start", "end"), "at"),
    (("price", "sum", "total", "amount", "cost", "sale", "purchase", "revenue", "margin"), "money"),
    (("labour", "old", "new"), "money"),
    (("name", "client", "who", "master", "by"), "name"),
    (("part", "item"), "part"),
    (("vendor",), "vendor"),
    (("car",), "car"),
    (("id", "n", "got", "of", "missing", "step", "year", "percent", "size", "line"), "int"),
)
_INTS = {"id": 1024, "order_id": 1024, "year": 2019, "percent": 30, "size": 25}


def sample(name: str, locale: str) -> Any:
    """What the bot passes for a variable called `name` (formatted already where it formats)."""
    words = _WORDS[locale]
    kind = next((k for parts, k in _RULES if any(p in name for p in parts)), "text")
    if name in ("at", "when", "deadline", "expires"):
        kind = "at"
    if kind == "int":
        return _INTS.get(name, 3)
    if kind == "at":
        if "date" in name or name == "day":
            return format_date(DAY, locale)
        return format_datetime(MOMENT, TZ, locale)
    if kind == "money":
        return format_money(Decimal("3100.00"))
    if kind == "phone":
        return "+7 916 123-45-67"
    if kind == "order_no":
        return "E-55812"
    return words.get(kind, words["text"])


def renders(message: ast.Message, locale: str) -> Iterator[dict[str, Any]]:
    """The arguments for one render per variant of each selector (the others at their first)."""
    found = _Variables()
    found.visit(message)
    base = {name: sample(name, locale) for name in found.shown}
    for name, keys in found.selectors.items():
        base[name] = keys[0]
    yield base
    for name, keys in found.selectors.items():
        for key in keys[1:]:
            yield base | {name: key}


def _cases() -> list[tuple[str, str]]:
    return [(locale, m.id.name) for locale in ("ru", "en") for _, m in messages(locale)]


@pytest.mark.parametrize("locale", ["ru", "en"])
def test_every_message_reads_as_text(locale: str) -> None:
    l10n = Translator("ru").get(locale)
    bad: list[str] = []
    with fluent_errors() as seen:
        for _, message in messages(locale):
            if message.value is None:
                continue
            for args in renders(message, locale):
                before = len(seen.errors)
                text = l10n(message.id.name, **args)
                problems = raw_forms(text, locale) + seen.errors[before:]
                if problems:
                    bad.append(f"{message.id.name} {args}: {problems}\n    {text!r}")
    assert not bad, "\n".join(bad)


def test_the_sample_arguments_look_like_the_bots() -> None:
    assert sample("appointment_at", "ru") == "чт 10.12, 10:00"
    assert sample("expected_date", "ru") == "пн 14.12"
    assert sample("days", "ru") == 3
    assert sample("total", "ru") == "3 100 ₽"
    assert sample("stage", "ru") == "Калькуляция работ"
    assert sample("name", "ru") == "Иван Петров"
    assert re.fullmatch(r"\w\w\w? 10\.12, 10:00", sample("deadline", "en"))
