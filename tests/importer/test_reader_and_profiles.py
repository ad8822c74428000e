"""Formats, encodings and delimiters are detected (and overridable); both profiles map columns."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.importer import ImportFailure, load_profile, shipped_profiles
from services.importer.reader import detect_encoding, open_source
from services.importer.sample import HEADER, write_csv, write_xlsx

ROW = ["Иванов Иван", "8 916 123-45-67", "", "WBAFG41000LJ12345", "А123ВС77"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251"])
@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_csv_encoding_and_delimiter_detected(tmp_path: Path, encoding: str, delimiter: str) -> None:
    path = write_csv(tmp_path / "x.csv", 20, encoding=encoding, delimiter=delimiter)
    source = open_source(path)
    assert source.header == HEADER
    assert source.encoding == encoding
    assert source.delimiter == delimiter
    rows = list(source.rows)
    assert len(rows) == 20 and rows[0][0] == 2
    assert all(len(cells) == len(HEADER) for _, cells in rows)
    # Cyrillic survives every encoding.
    assert any("Владелец" in cells for _, cells in rows)


@pytest.mark.parametrize("with_profile", [True, False])
def test_koi8_r_is_not_taken_for_windows_1251(tmp_path: Path, with_profile: bool) -> None:
    """Issue 21: a KOI8-R export read as cp1251 matched two headers of eleven."""
    path = write_csv(tmp_path / "koi.csv", 50, encoding="koi8-r")
    dealer = load_profile("dealer_ru")
    score = (lambda header: len(dealer.locate(header))) if with_profile else None
    source = open_source(path, header_score=score)
    assert source.encoding == "koi8-r" and source.header == HEADER
    assert any("Владелец" in cells for _, cells in source.rows)


@pytest.mark.parametrize(
    ("header", "encoding"), [("Клиент;Пробег, км", "koi8-r"), ("ФИО;Пробег", "cp1251")]
)
def test_the_profile_headers_decide_when_letter_counts_cannot(header: str, encoding: str) -> None:
    # A short header alone is too little text for letter frequencies to be sure.
    dealer = load_profile("dealer_ru")
    sample = f"{header}\n".encode(encoding)
    assert detect_encoding(sample, lambda h: len(dealer.locate(h))) == encoding


def test_a_byte_cp1251_leaves_undefined_does_not_stop_detection() -> None:
    sample = "Контрагент;Телефон\nИванов Иван;8916\n".encode("cp1251") + b"\x98\n"
    assert detect_encoding(sample) == "cp1251"


@pytest.mark.parametrize(
    ("encoding", "detected"),
    [("utf-16", "utf-16"), ("utf-16-le", "utf-16-le"), ("utf-16-be", "utf-16-be")],
)
def test_utf16_detected(tmp_path: Path, encoding: str, detected: str) -> None:
    """Excel's "Unicode text" is UTF-16 (with a BOM, tab-delimited)."""
    path = write_csv(tmp_path / "u.txt", 20, encoding=encoding, delimiter="\t")
    source = open_source(path)
    assert (source.encoding, source.delimiter) == (detected, "\t")
    assert source.header == HEADER
    rows = list(source.rows)
    assert len(rows) == 20 and all(len(cells) == len(HEADER) for _, cells in rows)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_mostly_cyrillic_utf16_without_a_bom_detected(encoding: str) -> None:
    """Cyrillic in UTF-16 has 0x04 where ASCII has 0x00: few NUL bytes, but all on one side."""
    text = "Контрагент;Телефон;Госномер;Отношение к автомобилю\nПетров Пётр;;А123ВС;Владелец\n"
    assert detect_encoding(text.encode(encoding)) == encoding


def test_utf8_and_cp1251_are_not_taken_for_utf16() -> None:
    text = "Контрагент;Телефон\nПетров Пётр;89161234567\n"
    assert detect_encoding(text.encode("utf-8")) == "utf-8"
    assert detect_encoding(text.encode("cp1251")) == "cp1251"


def test_overrides_win(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("name|phone\nИван|89161234567\n", encoding="cp1251")
    source = open_source(path, encoding="cp1251", delimiter="|")
    assert source.header == ["name", "phone"]
    assert list(source.rows) == [(2, ["Иван", "89161234567"])]


def test_xlsx_streamed(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "x.xlsx", 30)
    source = open_source(path)
    assert source.header == HEADER
    rows = list(source.rows)
    assert len(rows) == 30 and rows[0][0] == 2


def test_xlsx_numbers_read_as_text(tmp_path: Path) -> None:
    from datetime import datetime

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["phone", "year", "last_visit"])
    sheet.append([79161234567, 2015, datetime(2024, 3, 5)])
    book.save(tmp_path / "n.xlsx")
    rows = list(open_source(tmp_path / "n.xlsx").rows)
    assert rows == [(2, ["79161234567", "2015", "2024-03-05"])]


def test_missing_file_and_empty_file(tmp_path: Path) -> None:
    with pytest.raises(ImportFailure) as missing:
        open_source(tmp_path / "nope.csv")
    assert missing.value.reason == "file_not_found"
    (tmp_path / "empty.csv").write_bytes(b"")
    with pytest.raises(ImportFailure) as empty:
        open_source(tmp_path / "empty.csv")
    assert empty.value.reason == "file_empty"


def test_shipped_profiles_map_their_headers() -> None:
    assert shipped_profiles() == ["dealer_ru", "default"]
    dealer = load_profile("dealer_ru")
    found = dealer.locate(HEADER)
    assert set(found) == {
        "name",
        "phones",
        "email",
        "vin",
        "plate",
        "make",
        "model",
        "year",
        "mileage",
        "last_visit",
        "relation",
    }
    default = load_profile("default")
    found = default.locate(["Name", " PHONE ", "phone2", "VIN", "plate", "relation"])
    assert found["phones"] == [1, 2] and found["name"] == [0] and found["relation"] == [5]
    assert "владелец" in default.owner_values and "водитель" in dealer.driver_values


def test_dealer_profile_reads_the_relation_to_the_vehicle() -> None:
    """1C-era exports call the owner/driver column «Отношение к ТС»."""
    dealer = load_profile("dealer_ru")
    header = ["Контрагент", "Телефон", "VIN", "Отношение к ТС", "Менеджер", ""]
    layout = dealer.locate(header)
    assert layout["relation"] == [3]
    assert dealer.unused_columns(header, layout) == ["Менеджер"]
    assert "бывший владелец" in dealer.former_owner_values
    assert "водитель" in dealer.driver_values and "владелец" in dealer.owner_values


def test_a_second_column_a_field_knows_is_not_called_unknown() -> None:
    dealer = load_profile("dealer_ru")
    header = ["Контрагент", "Год выпуска", "Дата последнего визита", "Дата", "Год", "Менеджер"]
    layout = dealer.locate(header)
    assert dealer.unused_columns(header, layout) == ["Менеджер"]
    assert dealer.second_columns(header, layout) == [
        ("Дата", "last_visit", "Дата последнего визита"),
        ("Год", "year", "Год выпуска"),
    ]


def test_profile_by_path_and_errors(tmp_path: Path) -> None:
    custom = tmp_path / "mine.toml"
    custom.write_text(
        '[columns]\nname = "Клиент"\nphones = ["Тел1", "Тел2"]\n[file]\ndelimiter = "|"\n',
        encoding="utf-8",
    )
    profile = load_profile(str(custom))
    assert profile.name == "mine" and profile.delimiter == "|"
    assert profile.columns["name"] == ("Клиент",)
    with pytest.raises(ImportFailure) as unknown:
        load_profile("nope")
    assert unknown.value.reason == "profile_not_found"
    bad = tmp_path / "bad.toml"
    bad.write_text('[columns]\ncolour = "x"\n', encoding="utf-8")
    with pytest.raises(ImportFailure) as invalid:
        load_profile(str(bad))
    assert invalid.value.reason == "profile_invalid"
