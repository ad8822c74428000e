"""What the supplier types while pricing: a price, a delivery time, or a whole part in one line
("3100 4030 Emex 3": purchase, sale or «-» for the markup, vendor, days)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from services.errors import DomainError
from services.normalize import parse_money
from services.orders.inputs import MAX_DELIVERY_DAYS

MAX_VENDOR = 100  # OrderPart.vendor
# A sale price written as one of these means "by the default markup".
MARKUP_WORDS = frozenset({"-", "—", "–", "нац", "наценка", "по наценке", "markup", "m"})
_DAYS = re.compile(r"(\d{1,3})\s*(?:дн|дней|дня|день|д|days|day|d)?\.?", re.IGNORECASE)
LINE_MIN_TOKENS = 4


@dataclass(frozen=True)
class PricedLine:
    purchase: Decimal
    sale: Decimal | None  # None: by the markup
    vendor: str
    days: int


def is_markup(text: str) -> bool:
    return " ".join(text.lower().split()) in MARKUP_WORDS


def parse_days(text: str) -> int:
    m = _DAYS.fullmatch(text.strip())
    if m is None or int(m[1]) > MAX_DELIVERY_DAYS:
        raise DomainError("pricing-error-days")
    return int(m[1])


def parse_vendor(text: str) -> str:
    vendor = " ".join(text.split())
    if not vendor:
        raise DomainError("pricing-error-line")
    if len(vendor) > MAX_VENDOR:
        raise DomainError("pricing-error-vendor-long", limit=MAX_VENDOR)
    return vendor


def looks_like_line(text: str) -> bool:
    """Four words or more: the one-line form (a bare price like "12 500" has at most two)."""
    return len(text.split()) >= LINE_MIN_TOKENS


def parse_line(text: str) -> PricedLine:
    """First two words are the prices, the last the days, whatever is between the vendor."""
    words = text.split()
    if len(words) < LINE_MIN_TOKENS:
        raise DomainError("pricing-error-line")
    purchase = parse_money(words[0])
    sale = None if is_markup(words[1]) else parse_money(words[1])
    if _price_like(words[2]):
        # "1 500 нац Emex 3": a price written with a space would shift every field silently.
        raise DomainError("pricing-error-line")
    return PricedLine(purchase, sale, parse_vendor(" ".join(words[2:-1])), parse_days(words[-1]))


def _price_like(word: str) -> bool:
    return is_markup(word) or word.replace(",", "").replace(".", "").isdigit()
