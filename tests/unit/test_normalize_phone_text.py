"""Several numbers in one cell, and numbers inside a name field."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.normalize.phone import normalize_phone
from services.normalize.phone_text import find_phones_in_text, split_phones
from tests.fuzz import examples


@pytest.mark.parametrize(
    ("cell", "pieces"),
    [
        ("89161234567", ["89161234567"]),
        ("89161234567, 84951234567", ["89161234567", "84951234567"]),
        ("89161234567;84951234567", ["89161234567", "84951234567"]),
        ("89161234567 / 84951234567", ["89161234567", "84951234567"]),
        ("89161234567\n84951234567", ["89161234567", "84951234567"]),
        ("8 916 123-45-67 и 8 495 123-45-67", ["8 916 123-45-67", "8 495 123-45-67"]),
        ("8 916 123-45-67 или +7 495 123-45-67", ["8 916 123-45-67", "+7 495 123-45-67"]),
        ("8 916 123-45-67, доб. 12", ["8 916 123-45-67 доб. 12"]),
        ("8 916 123-45-67, (доб. 12)", ["8 916 123-45-67 (доб. 12)"]),
        ("моб. 89161234567, раб. 84951234567", ["моб. 89161234567", "раб. 84951234567"]),
        ("89161234567 89031234567", ["89161234567", "89031234567"]),
        ("нет", []),
        ("", []),
        (" ; , ", []),
    ],
)
def test_split_phones(cell: str, pieces: list[str]) -> None:
    assert split_phones(cell) == pieces


def test_split_pieces_normalise() -> None:
    cell = "моб. 8 (916) 123-45-67, доб. 12; раб. 8 495 123 45 67"
    assert [normalize_phone(p) for p in split_phones(cell)] == ["+79161234567", "+74951234567"]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Иванов Иван 89161234567", [((12, 23), "+79161234567")]),
        ("Иванов Иван Иванович", []),
        ("Петров тел8 916 123 45 67", [((10, 25), "+79161234567")]),
        ("ООО Ромашка (495) 123-45-67", [((12, 27), "+74951234567")]),
        (
            "Сидоров 89161234567 89031234567",
            [((8, 19), "+79161234567"), ((20, 31), "+79031234567")],
        ),
        ("Авто XTA21099012345678", []),  # digits inside a VIN are not a phone
        ("Запись на 24.11.2026 10:00", []),
        ("Иванов 123-45-67", []),  # too short to be a full number
    ],
)
def test_find_phones_in_text(text: str, found: list[tuple[tuple[int, int], str]]) -> None:
    assert find_phones_in_text(text) == found
    for (start, end), e164 in found:
        assert normalize_phone(text[start:end]) == e164


@settings(max_examples=examples(300), deadline=None)
@given(
    text=st.text(st.characters(codec="utf-8"), max_size=60)
    | st.text("0123456789 ,;/-+()и", max_size=60)
)
def test_text_helpers_never_raise(text: str) -> None:
    for piece in split_phones(text):
        assert piece.strip() == piece and any(c.isdigit() for c in piece)
    for (start, end), e164 in find_phones_in_text(text):
        assert 0 <= start < end <= len(text)
        assert normalize_phone(text[start:end]) == e164
