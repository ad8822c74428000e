"""Reading a search box: an order number, a phone in any format, a VIN (or its tail), a plate.

The same text may be several things at once ("1024" is an order number; "89161234567" a phone
and, in theory, a VIN tail), so every reading that works is kept and the search ORs them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from services.normalize import (
    NormalizeError,
    clean_vin,
    normalize_phone,
    normalize_plate,
    normalize_vin,
)

_ORDER_NO = re.compile(r"^\s*(?:№|N|#|No\.?)?\s*(\d{1,9})\s*$", re.IGNORECASE)
# The last digits of a VIN are what people read off a document; fewer would match too much.
VIN_TAIL_MIN = 6
# A tail uses the VIN alphabet (no I, O, Q) and has a digit: «буду в 10» cleans to letters and
# digits too, but its Б and Д are no VIN characters; «ABCDEF» is a word, not a serial number.
_VIN_TAIL = re.compile(rf"(?=.*\d)[A-HJ-NPR-Z0-9]{{{VIN_TAIL_MIN},16}}")


@dataclass(frozen=True)
class SearchTerms:
    order_id: int | None = None
    phone: str | None = None  # E.164
    vin: str | None = None
    vin_tail: str | None = None
    plate: str | None = None

    @property
    def empty(self) -> bool:
        return not (self.order_id or self.phone or self.vin or self.vin_tail or self.plate)


def parse_search(query: str) -> SearchTerms:
    text = query.strip()[:100]
    if not text:
        return SearchTerms()
    number = _ORDER_NO.match(text)
    vin = _try(normalize_vin, text)
    tail = None
    if vin is None:
        cleaned = clean_vin(text)
        if cleaned and _VIN_TAIL.fullmatch(cleaned):
            tail = cleaned
    return SearchTerms(
        order_id=int(number.group(1)) if number else None,
        phone=_try(normalize_phone, text),
        vin=vin,
        vin_tail=tail,
        plate=_try(normalize_plate, text),
    )


def _try(parse: Callable[[str], str], text: str) -> str | None:
    try:
        return parse(text)
    except NormalizeError:
        return None
