"""Money in roubles, quantities of parts and percentages, as typed in the bot or imported."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from services.normalize.errors import InvalidMoney, InvalidPercent, InvalidQuantity
from services.normalize.numbers import NumberShapeError, parse_decimal

MAX_MONEY = Decimal("100000000")
MAX_QUANTITY = Decimal("9999")
MAX_PERCENT = Decimal("1000")  # markups on cheap parts do exceed 100 %
_KOPECK = Decimal("0.01")

_CURRENCY = re.compile(
    r"^(?:₽|руб\.?|р\.|rub\.?)?\s*(.*?)\s*(?:₽|руб(?:лей|ля|ль|\.)?|р\.?|rub\.?|rur|rubles?)?$",
    re.IGNORECASE | re.DOTALL,
)
_QUANTITY = re.compile(
    r"^(?:[xх×*]\s*)?(.*?)\s*(?:[xх×]|шт|штук[аи]?|pcs|pc|л|литр(?:а|ов)?|l|кг|kg|"
    r"компл(?:ект(?:а|ов)?)?|к-т)?\.?$",
    re.IGNORECASE | re.DOTALL,
)
_PERCENT = re.compile(r"^(.*?)\s*%?$", re.DOTALL)


def parse_money(text: str) -> Decimal:
    """Parse a sum: "12 500,50 руб" → Decimal("12500.50"); zero is allowed (a free part).

    Raises `InvalidMoney` for negative, more than 2 decimals, over 100,000,000, or garbage.
    """
    m = _CURRENCY.match(text.strip())
    try:
        amount = parse_decimal(m.group(1) if m else text, max_decimals=2)
    except NumberShapeError as exc:
        raise InvalidMoney(exc.reason) from None
    if amount > MAX_MONEY:
        raise InvalidMoney("too_large")
    return amount.quantize(_KOPECK)


def format_money(amount: Decimal | int) -> str:
    """Show as "12 500 ₽", kopecks only when non-zero: "12 500,50 ₽"; plain spaces group."""
    value = Decimal(amount).quantize(_KOPECK, rounding=ROUND_HALF_UP)
    sign = "-" if value < 0 else ""
    whole, _, kopecks = f"{abs(value):f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", " ")
    if kopecks and kopecks != "00":
        return f"{sign}{grouped},{kopecks} ₽"
    return f"{sign}{grouped} ₽"


def format_quantity(value: Decimal | int | None) -> str:
    """Show a quantity or percent as "10", "1.5", "0.25": no trailing zeros and never an
    exponent (`Decimal("10.000").normalize()` prints "1E+1")."""
    text = format(value, "f") if value is not None else "0"
    return text.rstrip("0").rstrip(".") if "." in text else text


def parse_quantity(text: str) -> Decimal:
    """Parse "2", "2 шт", "x2", "1,5 л": positive, ≤ 9999, up to 3 decimals (litres of oil).

    Raises `InvalidQuantity`.
    """
    m = _QUANTITY.match(text.strip())
    try:
        qty = parse_decimal(m.group(1) if m else text, max_decimals=3)
    except NumberShapeError as exc:
        raise InvalidQuantity("not_positive" if exc.reason == "negative" else exc.reason) from None
    if qty <= 0:
        raise InvalidQuantity("not_positive")
    if qty > MAX_QUANTITY:
        raise InvalidQuantity("too_large")
    return qty


def parse_percent(text: str) -> Decimal:
    """Parse "30", "30%", "12,5 %": 0..1000, up to 2 decimals. Raises `InvalidPercent`."""
    m = _PERCENT.match(text.strip())
    try:
        pct = parse_decimal(m.group(1) if m else text, max_decimals=2)
    except NumberShapeError as exc:
        raise InvalidPercent(exc.reason) from None
    if pct > MAX_PERCENT:
        raise InvalidPercent("too_large")
    return pct
