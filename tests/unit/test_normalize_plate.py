"""Russian registration plates."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.normalize.errors import InvalidPlate
from services.normalize.plate import PLATE_LETTERS, format_plate, normalize_plate
from tests.fuzz import examples


@pytest.mark.parametrize(
    ("raw", "plate"),
    [
        ("А123ВС77", "А123ВС77"),
        ("а123вс77", "А123ВС77"),
        ("А 123 ВС 77", "А123ВС77"),
        ("А123ВС 777", "А123ВС777"),
        ("A123BC77", "А123ВС77"),  # Latin look-alikes
        ("a123bc777", "А123ВС777"),
        ("А123ВС77 RUS", "А123ВС77"),
        ("А123ВС|77", "А123ВС77"),
        ("А-123-ВС-77", "А123ВС77"),
        ("Х999ХХ199", "Х999ХХ199"),
        ("АВ12377", "АВ12377"),  # taxi
        ("АВ123177", "АВ123177"),  # taxi, three-digit region
        ("АВ123477", "АВ123477"),  # trailer
        ("АВ123С77", "АВ123С77"),  # transit
        ("1234АВ77", "1234АВ77"),  # motorcycle
        ("1234 AB 77", "1234АВ77"),
        ("А123477", "А123477"),  # police
        ("1234А77", "1234А77"),  # police motorcycle
    ],
)
def test_accepted(raw: str, plate: str) -> None:
    assert normalize_plate(raw) == plate
    assert format_plate(plate) == plate


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "empty"),
        ("  -  ", "empty"),
        ("А123ВС7", "format"),  # one-digit region
        ("А123ВС00", "format"),
        ("А123ВС7777", "format"),
        ("А000ВС77", "format"),  # 000 is never issued
        ("Б123ВС77", "format"),  # Б is not a plate letter
        ("Z123BC77", "format"),
        ("А12ВС77", "format"),
        ("123ABC02", "format"),  # Kazakhstan
        ("XTA21099012345678", "format"),
        ("привет", "format"),
    ],
)
def test_rejected(raw: str, reason: str) -> None:
    with pytest.raises(InvalidPlate) as err:
        normalize_plate(raw)
    assert err.value.reason == reason
    assert err.value.key == "validation-plate"


def test_format_plate_shows_junk_unchanged() -> None:
    assert format_plate("не знаю") == "не знаю"
    assert format_plate("a123bc77") == "А123ВС77"


_LATIN = "ABEKMHOPCTYX"
letter = st.sampled_from(PLATE_LETTERS + _LATIN)
region = st.integers(1, 99).map(lambda n: f"{n:02d}") | st.integers(100, 999).map(str)
digits3 = st.integers(1, 999).map(lambda n: f"{n:03d}")


@settings(max_examples=examples(300), deadline=None)
@given(a=letter, n=digits3, b=letter, c=letter, r=region, sep=st.sampled_from(["", " ", "-"]))
def test_private_plates_idempotent(a: str, n: str, b: str, c: str, r: str, sep: str) -> None:
    plate = normalize_plate(f"{a}{sep}{n}{sep}{b}{c}{sep}{r}".lower())
    assert normalize_plate(plate) == plate
    assert all(ch in PLATE_LETTERS or ch.isdigit() for ch in plate)


@settings(max_examples=examples(300), deadline=None)
@given(raw=st.text(max_size=20) | st.text(PLATE_LETTERS + _LATIN + "0123456789 -", max_size=12))
def test_only_invalid_plate_escapes(raw: str) -> None:
    try:
        plate = normalize_plate(raw)
    except InvalidPlate:
        return
    assert normalize_plate(plate) == plate == format_plate(plate)
