"""Parts lists pasted into the bot."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.normalize.errors import InvalidPartsLine
from services.normalize.parts import PartLine, parse_parts_report, parse_parts_text
from tests.fuzz import examples


@pytest.mark.parametrize(
    ("line", "part"),
    [
        ("Колодки передние 2", PartLine("Колодки передние", None, Decimal(2))),
        ("Колодки передние x2", PartLine("Колодки передние", None, Decimal(2))),
        ("Колодки передние ×2", PartLine("Колодки передние", None, Decimal(2))),
        ("Колодки передние х 2", PartLine("Колодки передние", None, Decimal(2))),
        ("Колодки передние 2 шт", PartLine("Колодки передние", None, Decimal(2))),
        ("Колодки передние 2шт.", PartLine("Колодки передние", None, Decimal(2))),
        ("Масло 5W-30 4,5 л", PartLine("Масло 5W-30", None, Decimal("4.5"))),
        (
            "Фильтр масляный; 11427953129; 1",
            PartLine("Фильтр масляный", "11427953129", Decimal(1)),
        ),
        ("Фильтр масляный; 11427953129", PartLine("Фильтр масляный", "11427953129", Decimal(1))),
        ("Фильтр масляный;OC 90;2", PartLine("Фильтр масляный", "OC90", Decimal(2))),
        ("Фильтр масляный\toc90\t2", PartLine("Фильтр масляный", "OC90", Decimal(2))),
        ("Фильтр масляный | OC90 | 2 шт", PartLine("Фильтр масляный", "OC90", Decimal(2))),
        ("Фильтр масляный; ; 3", PartLine("Фильтр масляный", None, Decimal(3))),
        ("Фильтр масляный; 2 шт", PartLine("Фильтр масляный", None, Decimal(2))),
        ("Фильтр масляный; 11427953129;", PartLine("Фильтр масляный", "11427953129", Decimal(1))),
        ("Свеча зажигания", PartLine("Свеча зажигания", None, Decimal(1))),
        ("Ремень ГРМ ВАЗ 2110", PartLine("Ремень ГРМ ВАЗ 2110", None, Decimal(1))),
        ("Ремень ГРМ ВАЗ 2110 x1", PartLine("Ремень ГРМ ВАЗ 2110", None, Decimal(1))),
        ("- Колодки 2", PartLine("Колодки", None, Decimal(2))),
        ("• Колодки", PartLine("Колодки", None, Decimal(1))),
        ("1. Колодки 4", PartLine("Колодки", None, Decimal(4))),
        ("  Колодки    передние   2  ", PartLine("Колодки передние", None, Decimal(2))),
    ],
)
def test_one_line(line: str, part: PartLine) -> None:
    assert parse_parts_text(line) == [part]


def test_several_lines_and_blank_lines() -> None:
    text = "Колодки передние 2\n\nФильтр масляный; 11427953129\r\nСвеча зажигания x4\n"
    assert parse_parts_text(text) == [
        PartLine("Колодки передние", None, Decimal(2)),
        PartLine("Фильтр масляный", "11427953129", Decimal(1)),
        PartLine("Свеча зажигания", None, Decimal(4)),
    ]


@pytest.mark.parametrize(
    ("text", "line_no", "reason"),
    [
        ("", 0, "empty"),
        ("\n \n", 0, "empty"),
        ("Колодки 0", 1, "quantity"),
        ("Колодки x0", 1, "quantity"),
        ("Колодки x10000", 1, "quantity"),
        ("Ок\nФильтр; OC90; много", 2, "quantity"),
        ("Ок\n\nФильтр; OC90; 1; 2", 3, "fields"),
        ("; OC90; 1", 1, "name_empty"),
        ("x2", 1, "name_empty"),
        ("Я" * 201, 1, "name_too_long"),
        ("Фильтр; " + "A" * 41, 1, "article_too_long"),
    ],
)
def test_wrong_line_is_named(text: str, line_no: int, reason: str) -> None:
    with pytest.raises(InvalidPartsLine) as err:
        parse_parts_text(text)
    assert (err.value.line_no, err.value.reason) == (line_no, reason)
    assert err.value.key == "validation-parts"
    assert err.value.params == {"reason": reason, "line": line_no}


def test_report_collects_every_error() -> None:
    report = parse_parts_report("Колодки 2\nФильтр x0\nМасло; ; 1; 2\nСвеча")
    assert [p.name for p in report.lines] == ["Колодки", "Свеча"]
    assert [(e.line_no, e.reason) for e in report.errors] == [(2, "quantity"), (3, "fields")]


@settings(max_examples=examples(300), deadline=None)
@given(text=st.text(max_size=80) | st.text("Колодки 0123456789;x×шт.,\n\t |", max_size=60))
def test_only_invalid_line_escapes(text: str) -> None:
    report = parse_parts_report(text)
    for part in report.lines:
        assert 1 <= len(part.name) <= 200 and part.name == part.name.strip()
        assert part.article is None or (
            1 <= len(part.article) <= 40 and not any(c.isspace() for c in part.article)
        )
        assert 0 < part.quantity <= 9999
    try:
        assert parse_parts_text(text) == report.lines
    except InvalidPartsLine as err:
        first = report.errors[0]
        assert (err.line_no, err.reason) == (first.line_no, first.reason)
