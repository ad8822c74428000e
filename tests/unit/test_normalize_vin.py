"""VIN cleaning, validation and decoding."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.normalize.errors import InvalidVin
from services.normalize.vin import VinInfo, clean_vin, decode_vin, normalize_vin
from tests.fuzz import examples

VIN = "XTA21099012345678"


@pytest.mark.parametrize(
    "raw",
    [
        VIN,
        "xta21099012345678",
        "XTA-21099-0-12345678",
        "XTA 21099 012345678",
        "XTA.21099.012345678",
        "XTA_21099_012345678",
        " XTA21099012345678 ",
        "ХТА21099012345678",  # Cyrillic Х, Т, А
        "хта21099012345678",
        "XTA—21099–012345678",
    ],
)
def test_accepted(raw: str) -> None:
    assert normalize_vin(raw) == VIN


@pytest.mark.parametrize(
    "raw",
    ["", " ", "-", "—", "--", "нет", "НЕТ", "0", "000", "00000000000000000", "отсутствует",
     "n/a", "N/A", "XXXXXXXXXXXXXXXXX", "?", "null", "Не указан"],
)  # fmt: skip
def test_placeholders(raw: str) -> None:
    assert clean_vin(raw) is None
    with pytest.raises(InvalidVin) as err:
        normalize_vin(raw)
    assert err.value.reason == "placeholder"


def test_clean_vin_does_not_validate() -> None:
    assert clean_vin("wba-123") == "WBA123"
    assert clean_vin("Свет") == "CBEТ".replace("Т", "T")


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("XTA2109901234567", "length"),
        ("XTA210990123456789", "length"),
        ("XTA2109901234567O", "letters_ioq"),
        ("ITA21099012345678", "letters_ioq"),
        ("XTQ21099012345678", "letters_ioq"),
        ("XTA2109901234567$", "chars"),
        ("XTA2109901234567Ж", "chars"),
    ],
)
def test_rejected(raw: str, reason: str) -> None:
    with pytest.raises(InvalidVin) as err:
        normalize_vin(raw)
    assert err.value.reason == reason
    assert err.value.key == "validation-vin"


def test_decode_known_makes() -> None:
    today = date(2026, 1, 1)
    avtovaz = decode_vin(VIN, today)
    assert avtovaz is not None and avtovaz.make == "AvtoVAZ"
    renault = decode_vin("VF1LM1B0H12345678", today)
    assert renault == VinInfo(make="Renault", model="Megan II", year=2001)


def test_decode_ambiguous_model_is_dropped() -> None:
    # vininfo returns a list of candidate models for this code: not worth prefilling.
    info = decode_vin("X7LLSRB1HAH123456", date(2026, 1, 1))
    assert info is not None and info.make == "Renault" and info.model is None
    assert info.year == 2010


def test_decode_year_is_plausible() -> None:
    info = decode_vin("WVWZZZ1JZXW000001", date(2026, 1, 1))
    assert info is not None and info.year == 1999
    # "0" in the year position is no model year at all.
    no_year = decode_vin("WBAFE41070LM12345", date(2026, 1, 1))
    assert no_year is not None and no_year.year is None


def test_decode_unknown() -> None:
    assert decode_vin("Z8NAJL01055123456", date(2026, 1, 1)) in (None, VinInfo(year=2005))
    assert decode_vin("not a vin") is None


_VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
valid_vins = st.text(_VIN_CHARS, min_size=17, max_size=17).filter(lambda v: len(set(v)) > 1)


@settings(max_examples=examples(300), deadline=None)
@given(vin=valid_vins, data=st.data())
def test_valid_vins_survive_decoration(vin: str, data: st.DataObject) -> None:
    sep = data.draw(st.sampled_from(["", "-", " ", "."]))
    decorated = sep.join([vin[:3], vin[3:9], vin[9:]])
    if data.draw(st.booleans()):
        decorated = decorated.lower()
    assert normalize_vin(decorated) == vin
    info = decode_vin(vin)
    assert info is None or isinstance(info, VinInfo)
    if info is not None and info.year is not None:
        assert 1980 <= info.year <= date.today().year + 1


@settings(max_examples=examples(300), deadline=None)
@given(raw=st.text(max_size=30) | st.text(_VIN_CHARS + "IOQ- ._АВЕКМНОРСТУХ", max_size=20))
def test_only_invalid_vin_escapes_and_idempotent(raw: str) -> None:
    cleaned = clean_vin(raw)
    assert cleaned is None or clean_vin(cleaned) == cleaned
    try:
        vin = normalize_vin(raw)
    except InvalidVin:
        return
    assert normalize_vin(vin) == vin
