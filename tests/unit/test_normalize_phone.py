"""Phones: accepted and rejected shapes, formatting, and the fast path against phonenumbers."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from services.normalize.errors import InvalidPhone
from services.normalize.phone import (
    ParsedPhone,
    looks_like_excel_scientific,
    normalize_phone,
    parse_phone,
    slow_parse,
)
from services.normalize.phone_fast import fast_ru_e164
from services.normalize.phone_format import format_phone, mask_phone
from tests.fuzz import examples

MOBILE = "+79161234567"


@pytest.mark.parametrize(
    "raw",
    [
        "8 (916) 123-45-67",
        "+7 916 1234567",
        "89161234567",
        "9161234567",
        "7 916 123 45 67",
        "+7 (916) 123-45-67",
        "8-916-123-45-67",
        "8.916.123.45.67",
        "  +79161234567  ",
        "79161234567.0",
        "тел.: 8 916 123-45-67",
        "моб 89161234567",
        "8\u00a0916\u00a0123\u00a045\u00a067",
    ],
)
def test_russian_mobile_shapes(raw: str) -> None:
    assert normalize_phone(raw) == MOBILE


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("8 (495) 123-45-67", "+74951234567"),
        ("(495) 123-45-67", "+74951234567"),
        ("8 812 123-45-67", "+78121234567"),
        ("88001234567", "+78001234567"),
        ("8 800 123-45-67", "+78001234567"),
        ("+77001234567", "+77001234567"),  # Kazakhstan shares +7
        ("87001234567", "+77001234567"),
        ("+44 20 7946 0958", "+442079460958"),
        ("+380 50 123 4567", "+380501234567"),
        ("+375 29 123-45-67", "+375291234567"),
        ("8 10 49 30 123456", "+4930123456"),  # Russian international prefix 810
    ],
)
def test_other_valid_numbers(raw: str, e164: str) -> None:
    assert normalize_phone(raw) == e164


@pytest.mark.parametrize(
    ("raw", "extension"),
    [
        ("8 916 123 45 67 доб. 12", "12"),
        ("8 916 123 45 67 доб 12", "12"),
        ("8 916 123 45 67, добавочный 345", "345"),
        ("+79161234567 ext 12", "12"),
        ("+79161234567 ext. 12", "12"),
        ("89161234567#12", "12"),
        ("8-916-123-45-67 x12", "12"),
        ("8 (495) 123-45-67 вн. 4", "4"),
        # In brackets, as dealer exports write it (issue 21: 1,500 clients left without a phone).
        ("8 916 123 45 67 (доб. 12)", "12"),
        ("8 916 123 45 67 (доб 12)", "12"),
        ("+79161234567 (ext. 12)", "12"),
        ("8 (495) 123-45-67 (вн. 4)", "4"),
    ],
)
def test_extension_is_split_off(raw: str, extension: str) -> None:
    parsed = parse_phone(raw)
    assert parsed.extension == extension
    assert parsed.e164 in {MOBILE, "+74951234567"}


def test_no_extension() -> None:
    assert parse_phone("89161234567") == ParsedPhone(MOBILE, None)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("доб. 12", "empty"),
        ("7.91612E+10", "excel"),
        ("7,91612E+10", "excel"),
        ("7.91612e10", "excel"),
        ("8 916 ABC 45 67", "letters"),
        ("89161234567 x12)", "letters"),  # an extension's brackets must match
        ("8(916)1234567(x1", "letters"),
        ("89161234567 [доб. 12)", "letters"),
        ("Иванов", "letters"),
        ("12", "too_short"),
        ("123-45-67", "too_short"),
        ("+7 916 123", "too_short"),
        ("8916123456789012", "too_long"),
        ("1" * 101, "too_long"),
        ("+8 916 123 45 67", "country"),
        ("+999 123 456 789", "country"),
        ("8 (200) 123-45-67", "invalid"),  # no Russian code starts with 2
        ("8 (100) 123-45-67", "invalid"),
        ("+7 612 345 67 89", "invalid"),
    ],
)
def test_rejected(raw: str, reason: str) -> None:
    with pytest.raises(InvalidPhone) as err:
        normalize_phone(raw)
    assert err.value.reason == reason
    assert err.value.key == "validation-phone"
    assert err.value.params == {"reason": reason}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("7.91612E+10", True), ("7,9E+010", True), ("79161234567", False), ("8 916", False)],
)
def test_excel_detection(raw: str, expected: bool) -> None:
    assert looks_like_excel_scientific(raw) is expected


@pytest.mark.parametrize(
    ("e164", "shown", "masked"),
    [
        (MOBILE, "+7 916 123-45-67", "+7 9•• •••-45-67"),
        ("+74951234567", "+7 495 123-45-67", "+7 4•• •••-45-67"),
        ("+442079460958", "+44 20 7946 0958", "+44 2• •••• 0958"),
        ("+380501234567", "+380 50 123 4567", "+380 5• ••• 4567"),
    ],
)
def test_format_and_mask(e164: str, shown: str, masked: str) -> None:
    assert format_phone(e164) == shown
    assert mask_phone(e164) == masked


def test_format_never_fails_on_junk() -> None:
    assert format_phone("junk") == "junk"
    assert mask_phone("junk") == "junk"


# --- the fast path must agree with phonenumbers -----------------------------------------------

_PUNCT = [" ", "-", "(", ")", ".", "\u00a0", "\t", "", "", ""]
_NATIONAL_STARTS = ["9", "93", "930", "49", "81", "80", "800", "3", "4", "8", "7", "0", "1", "5"]
_PREFIXES = ["", "", "8", "7", "+7", "+8", "+", "+77", "88", "78", " +7"]


@st.composite
def russian_like(draw: st.DrawFn) -> str:
    """Digit strings shaped like Russian numbers, valid or nearly so, lightly punctuated."""
    start = draw(st.sampled_from(_NATIONAL_STARTS))
    length = draw(st.sampled_from([8, 9, 10, 10, 10, 11]))
    rest = draw(st.text("0123456789", min_size=max(length - len(start), 0), max_size=11))
    digits = draw(st.sampled_from(_PREFIXES)) + (start + rest)[: max(length, len(start))]
    out = []
    for ch in digits:
        out.append(ch)
        out.append(draw(st.sampled_from(_PUNCT)))
    return "".join(out)


def _slow(raw: str) -> str | None:
    try:
        return slow_parse(raw).e164
    except InvalidPhone:
        return None


@settings(max_examples=examples(1500), deadline=None)
@given(raw=st.one_of(russian_like(), st.text("0123456789 +-().", max_size=20)))
@example(raw="8 (916) 123-45-67")
@example(raw="+7 800 123 45 67")
@example(raw="78001234567")
@example(raw="88121234567")
@example(raw="8121234567")
@example(raw="9301234567")
@example(raw="+ 7 916 123 45 67")
@example(raw="8(916)1234567)")
def test_fast_path_agrees_with_phonenumbers(raw: str) -> None:
    fast = fast_ru_e164(raw)
    if fast is not None:
        assert _slow(raw) == fast


@settings(max_examples=examples(150), deadline=None)
@given(
    prefix=st.sampled_from(["", "8", "7", "+7", "8 ", "+7 "]),
    national=st.from_regex(r"9[0-24-9][0-9]{8}|49[59][0-9]{7}|812[0-9]{7}", fullmatch=True),
)
def test_fast_path_takes_the_common_shapes(prefix: str, national: str) -> None:
    # Without this the agreement test would pass for a fast path that never fires.
    assert fast_ru_e164(prefix + national) == "+7" + national == _slow(prefix + national)


# --- properties of the public functions --------------------------------------------------------


@settings(max_examples=examples(300), deadline=None)
@given(raw=st.one_of(st.text(max_size=40), russian_like()))
def test_only_invalid_phone_escapes(raw: str) -> None:
    try:
        e164 = normalize_phone(raw)
    except InvalidPhone:
        return
    assert e164.startswith("+") and e164[1:].isdigit()
    # Idempotent, and what we show the user can be typed back in.
    assert normalize_phone(e164) == e164
    assert normalize_phone(format_phone(e164)) == e164
    assert len(mask_phone(e164)) == len(format_phone(e164))
