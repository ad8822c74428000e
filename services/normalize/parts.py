"""A parts list pasted or typed into the bot, one part per line.

    Колодки передние 2            name and quantity
    Колодки передние x2 / ×2 / 2 шт
    Фильтр масляный; 11427953129; 1   name; article; quantity (";", tab or "|" separated)
    Фильтр масляный; 11427953129      quantity 1
    Свеча зажигания                   quantity 1

A bare number at the end of a name is a quantity only up to 3 digits, so "Ремень ВАЗ 2110"
stays a name; with a marker ("x4", "4 шт") it may be up to 9999.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from services.normalize.errors import InvalidPartsLine, InvalidQuantity
from services.normalize.money import parse_quantity

MAX_NAME = 200
MAX_ARTICLE = 40
_ONE = Decimal(1)

_FIELDS = re.compile(r"\s*[;\t|]\s*")
# List decoration pasted from messengers: "- ", "• ", "1. ", "2) ".
_BULLET = re.compile(r"^(?:[-•*—–]\s+|\d{1,3}[.)]\s+)")
_QTY_UNIT = r"(?:шт|штук[аи]?|pcs|pc|л|литр(?:а|ов)?|компл|к-т)\.?"
_QTY_NUM = r"\d+(?:[.,]\d{1,3})?"
_TAIL_MARKED = re.compile(
    rf"(?:^|\s+)(?:[xх×*]\s*({_QTY_NUM})(?:\s*{_QTY_UNIT})?|({_QTY_NUM})\s*(?:[xх×]|{_QTY_UNIT}))$",
    re.IGNORECASE,
)
_TAIL_BARE = re.compile(r"(?:^|\s+)(\d{1,3}(?:[.,]\d{1,3})?)$")
# In "name; X" the X is a quantity when it looks like one, otherwise an article.
_QTY_FIELD = re.compile(
    rf"(?:[xх×*]\s*{_QTY_NUM}(?:\s*{_QTY_UNIT})?|{_QTY_NUM}\s*(?:[xх×]|{_QTY_UNIT})|"
    r"\d{1,3}(?:[.,]\d{1,3})?)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class PartLine:
    name: str
    article: str | None
    quantity: Decimal


@dataclass(frozen=True, slots=True)
class PartsParse:
    """Every line's outcome, so the bot can list all wrong lines at once."""

    lines: list[PartLine]
    errors: list[InvalidPartsLine]


def parse_parts_report(text: str) -> PartsParse:
    """Parse all lines, collecting errors instead of stopping at the first."""
    lines: list[PartLine] = []
    errors: list[InvalidPartsLine] = []
    for line_no, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            lines.append(parse_part_line(raw, line_no))
        except InvalidPartsLine as exc:
            errors.append(exc)
    if not lines and not errors:
        errors.append(InvalidPartsLine(0, "empty"))
    return PartsParse(lines, errors)


def parse_parts_text(text: str) -> list[PartLine]:
    """All parts, or `InvalidPartsLine` for the first wrong line (blank lines are skipped)."""
    result = parse_parts_report(text)
    if result.errors:
        raise result.errors[0]
    return result.lines


def parse_part_line(raw: str, line_no: int = 1) -> PartLine:
    """One line; `line_no` only labels the error."""
    fields = [" ".join(f.split()) for f in _FIELDS.split(raw.strip())]
    fields[0] = _BULLET.sub("", fields[0])
    if len(fields) > 3:
        raise InvalidPartsLine(line_no, "fields")
    if len(fields) == 1:
        name, quantity = _split_tail_quantity(fields[0], line_no)
        return PartLine(_name(name, line_no), None, quantity)
    name, second = fields[0], fields[1]
    if len(fields) == 2:
        if _QTY_FIELD.fullmatch(second):
            return PartLine(_name(name, line_no), None, _quantity(second, line_no))
        return PartLine(_name(name, line_no), _article(second, line_no), _ONE)
    return PartLine(_name(name, line_no), _article(second, line_no), _quantity(fields[2], line_no))


def _split_tail_quantity(text: str, line_no: int) -> tuple[str, Decimal]:
    marked = _TAIL_MARKED.search(text)
    if marked is not None:
        return text[: marked.start()], _quantity(marked.group(1) or marked.group(2), line_no)
    bare = _TAIL_BARE.search(text)
    if bare is not None:
        return text[: bare.start()], _quantity(bare.group(1), line_no)
    return text, _ONE


def _name(name: str, line_no: int) -> str:
    name = name.strip()
    if not name:
        raise InvalidPartsLine(line_no, "name_empty")
    if len(name) > MAX_NAME:
        raise InvalidPartsLine(line_no, "name_too_long")
    return name


def _article(article: str, line_no: int) -> str | None:
    # Catalogues print "OC 90" and "oc90" for the same article; search wants one spelling.
    cleaned = "".join(article.split()).upper()
    if not cleaned:
        return None
    if len(cleaned) > MAX_ARTICLE:
        raise InvalidPartsLine(line_no, "article_too_long")
    return cleaned


def _quantity(text: str, line_no: int) -> Decimal:
    if not text.strip():
        return _ONE
    try:
        return parse_quantity(text)
    except InvalidQuantity:
        raise InvalidPartsLine(line_no, "quantity") from None
