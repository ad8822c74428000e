"""Every cleaning rule on single rows: what a cell becomes and which rule the report names."""

from __future__ import annotations

import pytest

from services.importer.clean import Cleaner, CleanRow, Note
from services.importer.profile import load_profile
from services.importer.sample import HEADER

PROFILE = load_profile("dealer_ru")
CLEANER = Cleaner(PROFILE.locate(HEADER), PROFILE, max_year=2027)
VIN = "WBAFG41000LJ12345"


def clean(**cells: str) -> tuple[CleanRow | None, list[Note]]:
    keys = {
        "name": "Контрагент",
        "phone": "Телефон",
        "email": "E-mail",
        "vin": "VIN",
        "plate": "Госномер",
        "make": "Марка",
        "model": "Модель",
        "year": "Год выпуска",
        "mileage": "Пробег",
        "visit": "Дата последнего визита",
        "relation": "Отношение к автомобилю",
    }
    row = [""] * len(HEADER)
    for key, value in cells.items():
        row[HEADER.index(keys[key])] = value
    notes: list[Note] = []
    return CLEANER.clean(2, row, notes), notes


def rules_of(notes: list[Note]) -> list[str]:
    return [n.rule for n in notes]


@pytest.mark.parametrize(
    ("raw", "rule"),
    [
        ("WBA-FG410 00LJ.12345", "vin.cleaned"),
        ("wbafg41000lj12345", "vin.cleaned"),
        ("WВАFG41000LJ12345", "vin.cyrillic"),  # Cyrillic В and А
    ],
)
def test_vin_cleaned(raw: str, rule: str) -> None:
    row, notes = clean(name="Иван", vin=raw)
    assert row is not None and row.vin == VIN
    assert rules_of(notes) == [rule]
    assert notes[0].original == raw and notes[0].value == VIN


@pytest.mark.parametrize("raw", ["-", "—", "нет", "0", "00000000000000000", "отсутствует"])
def test_vin_placeholders_become_no_vin(raw: str) -> None:
    row, notes = clean(name="Иван", vin=raw)
    assert row is not None and row.vin is None
    assert rules_of(notes) == ["vin.placeholder"]


def test_empty_vin_is_silent() -> None:
    row, notes = clean(name="Иван", vin="")
    assert row is not None and row.vin is None and notes == []


@pytest.mark.parametrize(
    ("raw", "rule"),
    [
        ("WBAFG41000LJ1234", "vin.length"),
        ("WBAFG41000LO12345", "vin.letters_ioq"),
        ("WBAFG41000LJ1234!", "vin.chars"),
    ],
)
def test_bad_vin_rejected_but_client_kept(raw: str, rule: str) -> None:
    row, notes = clean(name="Иван", phone="89161234567", vin=raw)
    assert row is not None and row.vin is None and row.phones == ("+79161234567",)
    assert rules_of(notes) == [rule]
    assert notes[0].action == "rejected"


@pytest.mark.parametrize(
    "raw",
    [
        "8 (916) 123-45-67",
        "+7 916 1234567",
        "89161234567",
        "9161234567",
        "+7(916)123-45-67",
        "79161234567",
    ],
)
def test_phone_formats(raw: str) -> None:
    row, notes = clean(phone=raw)
    assert row is not None and row.phones == ("+79161234567",)
    assert notes == []


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("8 (916) 123-45-67 доб. 12", "+79161234567"),
        ("88434543602 доб. 912", "+78434543602"),
        # An extension in brackets is an extension, not letters in the number.
        ("8127245829 (доб. 709)", "+78127245829"),
        ("8127245829 (доб 12)", "+78127245829"),
        ("8127245829 (ext. 12)", "+78127245829"),
    ],
)
def test_phone_extension_reported(raw: str, e164: str) -> None:
    row, notes = clean(phone=raw)
    assert row is not None and row.phones == (e164,)
    assert rules_of(notes) == ["phone.extension"]


def test_several_phones_in_one_cell() -> None:
    row, notes = clean(phone="8 916 123-45-67, +7 903 765 43 21; 89161234567")
    assert row is not None and row.phones == ("+79161234567", "+79037654321")
    assert rules_of(notes) == ["phone.split"]


def test_excel_scientific_phone_rejected() -> None:
    row, notes = clean(name="Иван", phone="7.91612E+10")
    assert row is not None and row.phones == ()
    assert rules_of(notes) == ["phone.excel"]
    assert notes[0].action == "rejected"


@pytest.mark.parametrize(
    ("raw", "rule"), [("12345", "phone.too_short"), ("8 916 ABC 45 67", "phone.letters")]
)
def test_invalid_phones_reported(raw: str, rule: str) -> None:
    row, notes = clean(name="Иван", phone=raw)
    assert row is not None and row.phones == ()
    assert rules_of(notes) == [rule]


def test_phone_in_name_moved() -> None:
    row, notes = clean(name="ИВАНОВ ИВАН 8 916 123-45-67")
    assert row is not None
    assert row.name == "Иванов Иван" and row.phones == ("+79161234567",)
    assert rules_of(notes) == ["name.phone_moved"]


def test_name_only_a_phone_leaves_client_nameless_but_reachable() -> None:
    row, notes = clean(name="+7 916 123 45 67", phone="89031234567")
    assert row is not None and row.name is None
    assert row.phones == ("+79031234567", "+79161234567")
    assert rules_of(notes) == ["name.only_phone"]


@pytest.mark.parametrize(
    ("raw", "name", "phone"),
    [
        # Initials are not the "м."/"т." of "моб."/"тел." (issue 21).
        ("Савина В.М. 89095984794", "Савина В.М.", "+79095984794"),
        ("Сидоров Т. 8 916 123-45-67", "Сидоров Т.", "+79161234567"),
        ("САВИНА В.М. 89095984794", "Савина В.М.", "+79095984794"),
        ("савина в.м. 89095984794", "Савина В.М.", "+79095984794"),
        ("Иванов И.И. т. 89161234567", "Иванов И.И.", "+79161234567"),
        # The labels themselves still go.
        ("Иванов Иван м. 89161234567", "Иванов Иван", "+79161234567"),
        ("Иванов Иван, тел.: 8 916 123-45-67", "Иванов Иван", "+79161234567"),
        ("Иванов Иван моб.89161234567", "Иванов Иван", "+79161234567"),
    ],
)
def test_initials_before_a_phone_in_the_name_are_kept(raw: str, name: str, phone: str) -> None:
    row, notes = clean(name=raw)
    assert row is not None and row.name == name and row.phones == (phone,)
    assert rules_of(notes) == ["name.phone_moved"]


@pytest.mark.parametrize(
    ("raw", "name", "rule"),
    [
        ("ИВАНОВ ИВАН", "Иванов Иван", "name.case"),
        ("иванов иван иванович", "Иванов Иван Иванович", "name.case"),
        ("салтыков-щедрин михаил", "Салтыков-Щедрин Михаил", "name.case"),
        ("ИП ПЕТРОВ П.П.", "ИП Петров П.П.", "name.case"),
        ("  Иванов   Иван ", "Иванов Иван", "name.spacing"),
    ],
)
def test_name_case_and_spacing(raw: str, name: str, rule: str) -> None:
    row, notes = clean(name=raw, phone="89161234567")
    assert row is not None and row.name == name
    assert rules_of(notes) == [rule]


@pytest.mark.parametrize("raw", ['ООО "РОМАШКА"', "ООО Ромашка", "McDonald Иван"])
def test_company_and_mixed_case_names_kept_as_written(raw: str) -> None:
    row, notes = clean(name=raw, phone="89161234567")
    assert row is not None and row.name == raw and notes == []


@pytest.mark.parametrize("raw", ["а 123 вс 77", "A123BC77", "А123ВС 77 RUS"])
def test_plates_normalised(raw: str) -> None:
    row, notes = clean(name="Иван", plate=raw)
    assert row is not None and row.plate == "А123ВС77"
    assert rules_of(notes) == ["plate.normalised"]


def test_bad_plate_dropped_placeholder_silent() -> None:
    row, notes = clean(name="Иван", plate="123")
    assert row is not None and row.plate is None and rules_of(notes) == ["plate.invalid"]
    row, notes = clean(name="Иван", plate="-")
    assert row is not None and row.plate is None and notes == []


def test_other_fields() -> None:
    row, notes = clean(
        name="Иван",
        vin=VIN,
        email=" Ivan@Mail.RU ",
        year="2015",
        mileage="120 500 км",
        visit="05.03.2024",
        relation="Водитель",
        make=" Toyota ",
        model="Camry",
    )
    assert row is not None and notes == []
    assert (row.email, row.year, row.mileage, row.visit, row.relation) == (
        "ivan@mail.ru",
        2015,
        120500,
        "2024-03-05",
        "driver",
    )
    assert (row.make, row.model) == ("Toyota", "Camry")


@pytest.mark.parametrize("raw", ["2014", "2014г", "2014 г.", "2014 г.в.", "2014г.в.", "2014 год"])
def test_year_with_the_year_mark(raw: str) -> None:
    row, notes = clean(name="Иван", year=raw)
    assert row is not None and row.year == 2014 and notes == []


def test_bad_other_fields_reported() -> None:
    row, notes = clean(
        name="Иван", email="ivan@", year="20015", mileage="много", visit="вчера", relation="сосед"
    )
    # An unknown relation makes nobody an owner (it would invent owner history).
    assert row is not None and row.relation == "driver"
    assert sorted(rules_of(notes)) == [
        "email.invalid",
        "mileage.invalid",
        "relation.unknown",
        "visit.invalid",
        "year.invalid",
    ]


@pytest.mark.parametrize(
    ("raw", "relation"),
    [
        ("Владелец", "owner"),
        ("", "owner"),
        ("Водитель", "driver"),
        ("Бывший владелец", "former_owner"),
        ("бывший  ВЛАДЕЛЕЦ", "former_owner"),
    ],
)
def test_relation_values(raw: str, relation: str) -> None:
    row, notes = clean(name="Иван", vin=VIN, relation=raw)
    assert row is not None and row.relation == relation and notes == []


def test_row_without_client_or_car_skipped() -> None:
    row, notes = clean(phone="7.91612E+10", vin="нет", make="BMW")
    assert row is None
    assert rules_of(notes) == ["phone.excel", "vin.placeholder", "row.empty"]
