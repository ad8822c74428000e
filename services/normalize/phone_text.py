"""Phone numbers inside free text: a cell with several numbers, a number in a name field."""

from __future__ import annotations

import re

from services.normalize.errors import InvalidPhone
from services.normalize.phone import normalize_phone

# Separators between numbers in one cell. Not "-", "." or single spaces: they are inside numbers.
_SEPARATORS = re.compile(r"[,;/\\|\n\r]+|\t+|\s+(?:и|или|or|and)\s+", re.IGNORECASE)
# A piece that is only an extension belongs to the number before it ("…45-67, доб. 12").
_EXTENSION_ONLY = re.compile(
    r"^\s*[(\[]?\s*(?:доб(?:авочный)?|вн(?:утр(?:енний)?)?|ext(?:ension)?|x|#)\.?\s*:?\s*"
    r"\d{1,7}\s*[)\]]?\s*$",
    re.IGNORECASE,
)
# Digit runs with the punctuation phones use. Latin letters or digits right before or after
# mean it is part of something else (a VIN, an article); Cyrillic labels ("тел89…") are fine.
_CANDIDATE = re.compile(r"(?<![\dA-Za-z+])[+(]?\d(?:[\d\-(). \u00a0]*\d)?\)?(?![\dA-Za-z])")
_TOKEN = re.compile(r"\S+")
_MIN_DIGITS = 8
_MAX_DIGITS = 15
_MANY_DIGITS = 16


def _digit_count(s: str) -> int:
    return sum(c.isdigit() for c in s)


def split_phones(cell: str, region: str = "RU") -> list[str]:
    """Raw pieces of a cell holding several numbers; pieces without digits ("нет") are dropped.

    Pieces are not validated: the importer normalises each and reports the bad ones.
    """
    pieces: list[str] = []
    for piece in _SEPARATORS.split(cell):
        piece = piece.strip()
        if not piece:
            continue
        if pieces and _EXTENSION_ONLY.match(piece):
            pieces[-1] = f"{pieces[-1]} {piece}"
            continue
        pieces.append(piece)
    out: list[str] = []
    for piece in pieces:
        if not any(c.isdigit() for c in piece):
            continue
        if _digit_count(piece) >= _MANY_DIGITS:
            # Two numbers separated only by a space: cut where whole numbers are found.
            found = find_phones_in_text(piece, region)
            if len(found) > 1:
                out.extend(piece[a:b] for (a, b), _ in found)
                continue
        out.append(piece)
    return out


def find_phones_in_text(text: str, region: str = "RU") -> list[tuple[tuple[int, int], str]]:
    """((start, end), e164) of every valid number in `text`, e.g. "Иванов Иван 89161234567".

    Within a run of digit groups, the longest run of whole groups that is a valid number wins,
    so "8 916 123 45 67" is one number and "89161234567 89031234567" two.
    """
    found: list[tuple[tuple[int, int], str]] = []
    for cand in _CANDIDATE.finditer(text):
        if _digit_count(cand.group()) < _MIN_DIGITS:
            continue
        tokens = [
            (cand.start() + t.start(), cand.start() + t.end())
            for t in _TOKEN.finditer(cand.group())
        ]
        i = 0
        while i < len(tokens):
            hit = _longest_number_from(text, tokens, i, region)
            if hit is None:
                i += 1
                continue
            j, e164 = hit
            found.append(((tokens[i][0], tokens[j - 1][1]), e164))
            i = j
    return found


def _longest_number_from(
    text: str, tokens: list[tuple[int, int]], i: int, region: str
) -> tuple[int, str] | None:
    """(end token index, e164) of the longest valid number starting at token i."""
    ends: list[int] = []
    digits = 0
    for j in range(i, len(tokens)):
        digits += _digit_count(text[tokens[j][0] : tokens[j][1]])
        if digits > _MAX_DIGITS + 1:  # +1: a trunk "8" is not part of the number
            break
        if digits >= _MIN_DIGITS:
            ends.append(j + 1)
    for j in reversed(ends):
        try:
            return j, normalize_phone(text[tokens[i][0] : tokens[j - 1][1]], region)
        except InvalidPhone:
            continue
    return None
