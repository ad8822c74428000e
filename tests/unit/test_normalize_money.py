"""Money, quantities and percentages."""

from __future__ import annotations

import contextlib
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.normalize.errors import InvalidMoney, InvalidPercent, InvalidQuantity
from services.normalize.money import format_money, parse_money, parse_percent, parse_quantity
from tests.fuzz import examples


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("12500", "12500"),
        ("12 500", "12500"),
        ("12 500,50", "12500.50"),
        ("12500.5", "12500.5"),
        ("12500₽", "12500"),
        ("12 500 ₽", "12500"),
        ("12 500 руб", "12500"),
        ("12 500 руб.", "12500"),
        ("12500р", "12500"),
        ("12500 р.", "12500"),
        ("12500 RUB", "12500"),
        ("12\u00a0500,50", "12500.50"),  # NBSP, as Excel and some clients paste
        ("12\u202f500", "12500"),
        ("1 250 000", "1250000"),
        ("0", "0"),
        ("0,00", "0"),
        ("-0", "0"),
        ("+500", "500"),
        ("100000000", "100000000"),
        ("  99,9  ", "99.90"),
    ],
)
def test_parse_money(text: str, amount: str) -> None:
    assert parse_money(text) == Decimal(amount)
    assert parse_money(text).as_tuple().exponent == -2


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("руб", "empty"),
        ("-5", "negative"),
        ("−12 500", "negative"),
        ("12,505", "decimals"),
        ("12,500", "decimals"),  # read as 12.500, not silently as 12500
        ("100000000,01", "too_large"),
        ("1000000000", "too_large"),
        ("abc", "format"),
        ("12 50", "format"),
        ("1 2500", "format"),
        ("12..5", "format"),
        ("12 500 $", "format"),
        ("1e5", "format"),
        ("NaN", "format"),
        ("Infinity", "format"),
    ],
)
def test_parse_money_rejects(text: str, reason: str) -> None:
    with pytest.raises(InvalidMoney) as err:
        parse_money(text)
    assert err.value.reason == reason
    assert err.value.key == "validation-money"


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        ("12500", "12 500 ₽"),
        ("12500.00", "12 500 ₽"),
        ("12500.5", "12 500,50 ₽"),
        ("0", "0 ₽"),
        ("999", "999 ₽"),
        ("1000", "1 000 ₽"),
        ("1234567.89", "1 234 567,89 ₽"),
        ("0.005", "0,01 ₽"),
        ("-1500", "-1 500 ₽"),
    ],
)
def test_format_money(amount: str, shown: str) -> None:
    assert format_money(Decimal(amount)) == shown


def test_format_money_takes_int() -> None:
    assert format_money(12500) == "12 500 ₽"


@pytest.mark.parametrize(
    ("text", "qty"),
    [
        ("2", "2"),
        ("2 шт", "2"),
        ("2шт.", "2"),
        ("x2", "2"),
        ("х2", "2"),  # Cyrillic х
        ("×2", "2"),
        ("* 3", "3"),
        ("2x", "2"),
        ("1,5", "1.5"),
        ("1.5", "1.5"),
        ("4,5 л", "4.5"),
        ("0,125", "0.125"),
        ("9999", "9999"),
    ],
)
def test_parse_quantity(text: str, qty: str) -> None:
    assert parse_quantity(text) == Decimal(qty)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("0", "not_positive"),
        ("-1", "not_positive"),
        ("x0", "not_positive"),
        ("1,2345", "decimals"),
        ("10000", "too_large"),
        ("два", "format"),
        ("2 кг 3", "format"),
    ],
)
def test_parse_quantity_rejects(text: str, reason: str) -> None:
    with pytest.raises(InvalidQuantity) as err:
        parse_quantity(text)
    assert err.value.reason == reason


@pytest.mark.parametrize(
    ("text", "pct"),
    [("30", "30"), ("30%", "30"), ("30 %", "30"), ("12,5%", "12.5"), ("0", "0"), ("150", "150")],
)
def test_parse_percent(text: str, pct: str) -> None:
    assert parse_percent(text) == Decimal(pct)


@pytest.mark.parametrize(
    ("text", "reason"),
    [("", "empty"), ("-5%", "negative"), ("1,234", "decimals"), ("1001", "too_large"),
     ("тридцать", "format"), ("%", "empty")],
)  # fmt: skip
def test_parse_percent_rejects(text: str, reason: str) -> None:
    with pytest.raises(InvalidPercent) as err:
        parse_percent(text)
    assert err.value.reason == reason


money = st.decimals(min_value=0, max_value=100_000_000, places=2, allow_nan=False)


@settings(max_examples=examples(300), deadline=None)
@given(amount=money)
def test_money_round_trip(amount: Decimal) -> None:
    assert parse_money(format_money(amount)) == amount
    assert parse_money(str(amount)) == amount


@settings(max_examples=examples(300), deadline=None)
@given(qty=st.decimals(min_value="0.001", max_value=9999, places=3, allow_nan=False))
def test_quantity_round_trip(qty: Decimal) -> None:
    assert parse_quantity(str(qty)) == qty
    assert parse_quantity(str(qty).replace(".", ",") + " шт") == qty


_NUMBERISH = "0123456789 ,.-+₽рубшт%xх×eE\u00a0"


@settings(max_examples=examples(300), deadline=None)
@given(text=st.text(max_size=25) | st.text(_NUMBERISH, max_size=15))
def test_only_declared_errors_escape(text: str) -> None:
    try:
        amount = parse_money(text)
        assert 0 <= amount <= 100_000_000
        assert parse_money(format_money(amount)) == amount
    except InvalidMoney:
        pass
    with contextlib.suppress(InvalidQuantity):
        assert 0 < parse_quantity(text) <= 9999
    with contextlib.suppress(InvalidPercent):
        assert 0 <= parse_percent(text) <= 1000
