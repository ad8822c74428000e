"""Property-based fuzzing of what people type and of callback data decoding.

Any text: a parser answers a value or its own `NormalizeError`, nothing else. Every accepted
value round-trips: parsing what the bot shows for it gives it back, and normalising twice
changes nothing. Callback data: any string decodes to the class or fails with the ValueError
aiogram's filter expects (so the tap falls through to the "expired button" answer), and every
decoded value packs back to data that decodes to the same value.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from aiogram.filters.callback_data import CallbackData
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.normalize import (
    NormalizeError,
    format_date,
    format_money,
    format_phone,
    format_plate,
    normalize_phone,
    normalize_plate,
    normalize_vin,
    parse_date,
    parse_money,
    parse_quantity,
    parse_time,
)
from tests.fuzz import examples
from tests.security.test_forged_callbacks import _callback_classes

FUZZ = settings(
    max_examples=examples(250), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
TODAY = date(2026, 11, 23)
# Text as people type it: digits, separators and letters of both alphabets, plus anything.
TYPED = st.one_of(
    st.text(alphabet="0123456789 +-().,;:/xXшт₽рублей%", max_size=30),
    st.text(alphabet="0123456789АВЕКМНОРСТУХABEKMHOPCTYXавекмнорстух rusRUS-", max_size=20),
    st.text(max_size=40),
)


def _parsed(parse, text):  # type: ignore[no-untyped-def]
    try:
        return parse(text)
    except NormalizeError:
        return None


@FUZZ
@given(TYPED)
def test_phone(text: str) -> None:
    phone = _parsed(normalize_phone, text)
    if phone is not None:
        assert phone.startswith("+") and phone[1:].isdigit()
        assert normalize_phone(phone) == phone
        assert normalize_phone(format_phone(phone)) == phone


@FUZZ
@given(st.from_regex(r"\+7 ?\(?91[0-9]\)? ?[0-9]{3}[- ]?[0-9]{2}[- ]?[0-9]{2}", fullmatch=True))
def test_russian_mobiles_are_always_accepted(text: str) -> None:
    phone = normalize_phone(text)
    assert len(phone) == 12 and normalize_phone(format_phone(phone)) == phone


@FUZZ
@given(st.one_of(TYPED, st.text(alphabet="ABCDEFGHJKLMNPRSTUVWXYZ0123456789 -", max_size=20)))
def test_vin(text: str) -> None:
    vin = _parsed(normalize_vin, text)
    if vin is not None:
        assert len(vin) == 17 and normalize_vin(vin) == vin


@FUZZ
@given(TYPED)
def test_plate(text: str) -> None:
    plate = _parsed(normalize_plate, text)
    if plate is not None:
        assert normalize_plate(plate) == plate == format_plate(plate)
    format_plate(text)  # display never fails, whatever is stored


@FUZZ
@given(st.one_of(TYPED, st.decimals(min_value=0, max_value=10**9, places=2).map(str)))
def test_money(text: str) -> None:
    amount = _parsed(parse_money, text)
    if amount is not None:
        assert amount >= 0 and amount == amount.quantize(Decimal("0.01"))
        assert parse_money(format_money(amount)) == amount


@FUZZ
@given(st.one_of(TYPED, st.decimals(min_value=-5, max_value=20000, places=3).map(str)))
def test_quantity(text: str) -> None:
    quantity = _parsed(parse_quantity, text)
    if quantity is not None:
        assert 0 < quantity <= 9999
        assert parse_quantity(str(quantity)) == quantity
        assert parse_quantity(str(quantity).replace(".", ",")) == quantity


@FUZZ
@given(st.one_of(TYPED, st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31))))
def test_date(value: str | date) -> None:
    text = value.strftime("%d.%m.%Y") if isinstance(value, date) else value
    day = _parsed(lambda t: parse_date(t, TODAY), text)
    if day is not None:
        assert day >= TODAY
        assert parse_date(day.strftime("%d.%m.%Y"), TODAY) == day
        assert parse_date(day.isoformat(), TODAY) == day
        format_date(day, "ru"), format_date(day, "en")
    if isinstance(value, date):
        assert (day is not None) == (value >= TODAY)


@FUZZ
@given(TYPED)
def test_time(text: str) -> None:
    moment = _parsed(parse_time, text)
    if moment is not None:
        assert parse_time(moment.strftime("%H:%M")) == moment


def test_relative_dates() -> None:
    assert parse_date("завтра", TODAY) == TODAY + timedelta(days=1)


CLASSES = _callback_classes()


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__prefix__)
def test_callback_data_decoding(cls: type[CallbackData]) -> None:
    prefix = cls.__prefix__
    parts = st.one_of(
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
        st.text(alphabet="abcdefghijklmnopqrstuvwxyz_-0123456789", max_size=12),
        st.text(max_size=12).filter(lambda s: ":" not in s),
    )
    data = st.one_of(
        st.lists(parts, max_size=len(cls.model_fields) + 2).map(lambda xs: ":".join([prefix, *xs])),
        st.text(max_size=64),
    )

    @FUZZ
    @given(data)
    def decode(text: str) -> None:
        if len(text.encode()) > 64:
            return  # Telegram never delivers callback data over 64 bytes
        try:
            value = cls.unpack(text)
        except (TypeError, ValueError):
            return  # aiogram's CallbackData filter treats these as "not this button"
        packed = value.pack()  # raises when the value would not fit in 64 bytes again
        assert len(packed.encode()) <= 64
        assert cls.unpack(packed) == value

    decode()
