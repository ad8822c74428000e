"""`stobot import …` as an integrator runs it: summary, report, dry run, re-run, bad profile."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.importer.sample import write_csv, write_xlsx
from tests.telegram.test_cli_staff import stobot

pytestmark = pytest.mark.subprocess


def test_import_dry_run_then_real_then_again(tmp_path: Path) -> None:
    export = write_csv(tmp_path / "export.csv", 150, encoding="cp1251")
    dry = stobot(tmp_path, "import", str(export), "--profile", "dealer_ru", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "dry run: nothing was written" in dry.stdout
    assert "file: encoding cp1251, delimiter ';'" in dry.stdout
    real = stobot(tmp_path, "import", str(export), "--profile", "dealer_ru")
    assert real.returncode == 0, real.stderr
    summary = next(line for line in real.stdout.splitlines() if line.startswith("read 150"))
    assert "created 0 " not in summary and "rejected" in summary
    assert "vin.placeholder" in real.stdout
    assert "Bitrix24 is not configured: nothing queued" in real.stdout
    assert (tmp_path / "export.csv.report.csv").is_file()
    again = stobot(
        tmp_path,
        "import",
        str(export),
        "--profile",
        "dealer_ru",
        "--report",
        str(tmp_path / "again.csv"),
    )
    assert "created 0 · updated 0" in again.stdout
    assert (tmp_path / "again.csv").is_file()


def test_xlsx_and_errors(tmp_path: Path) -> None:
    export = write_xlsx(tmp_path / "export.xlsx", 40)
    done = stobot(tmp_path, "import", str(export), "--profile", "dealer_ru", "--quiet")
    assert done.returncode == 0, done.stderr
    assert "read 40" in done.stdout
    unknown = stobot(tmp_path, "import", str(export), "--profile", "nope")
    assert unknown.returncode == 1
    assert "no profile 'nope' (shipped: dealer_ru, default" in unknown.stderr
    other = tmp_path / "other.csv"
    other.write_text("Артикул;Цена\n123;10\n", encoding="utf-8")
    wrong = stobot(tmp_path, "import", str(other), "--profile", "default")
    assert wrong.returncode == 1 and "не нашёл в файле колонок клиента" in wrong.stderr
    missing = stobot(tmp_path, "import", str(tmp_path / "nope.csv"))
    assert missing.returncode == 1 and "no such file" in missing.stderr


def test_delimiter_and_encoding_overrides(tmp_path: Path) -> None:
    export = write_csv(tmp_path / "tab.txt", 30, encoding="cp1251", delimiter="\t")
    done = stobot(
        tmp_path,
        "import",
        str(export),
        "--profile",
        "dealer_ru",
        "--delimiter",
        "tab",
        "--encoding",
        "cp1251",
        "--dry-run",
    )
    assert done.returncode == 0, done.stderr
    assert "file: encoding cp1251, delimiter '\\t'" in done.stdout and "read 30" in done.stdout


def _dry_run(tmp_path: Path, text: str) -> str:
    """A dealer_ru dry run of a UTF-8 export holding `text`: what it printed."""
    export = tmp_path / "export.csv"
    export.write_text(text, encoding="utf-8")
    done = stobot(tmp_path, "import", str(export), "--profile", "dealer_ru", "--dry-run")
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_columns_no_field_takes_are_named(tmp_path: Path) -> None:
    stdout = _dry_run(
        tmp_path,
        "Контрагент;Телефон;VIN;Менеджер;Отношение к ТС;Скидка\n"
        "Иванов Иван;89161234567;WBAFG41000LJ12345;Анна;Владелец;5\n",
    )
    assert "Не использованы колонки: «Менеджер», «Скидка»" in stdout


def test_a_second_column_for_a_known_field_is_named_as_such(tmp_path: Path) -> None:
    stdout = _dry_run(
        tmp_path,
        "Контрагент;Телефон;VIN;Дата последнего визита;Дата\n"
        "Иванов Иван;89161234567;WBAFG41000LJ12345;01.02.2020;01.02.2020\n",
    )
    assert "Не использованы" not in stdout
    assert "«Дата» также подходит к полю «дата последнего визита»" in stdout
    assert "взята первая колонка, «Дата последнего визита»" in stdout


def test_koi8_r_export_detected_and_a_wrong_encoding_refused(tmp_path: Path) -> None:
    """Issue 21: a KOI8-R file taken for Windows-1251 matched two headers, and 3,726 cars with
    a VIN and nothing else were written with exit code 0."""
    export = write_csv(tmp_path / "koi.csv", 60, encoding="koi8-r")
    done = stobot(tmp_path, "import", str(export), "--profile", "dealer_ru", "--dry-run")
    assert done.returncode == 0, done.stderr
    assert "file: encoding koi8-r, delimiter ';'" in done.stdout and "read 60" in done.stdout
    forced = stobot(
        tmp_path, "import", str(export), "--profile", "dealer_ru", "--encoding", "cp1251"
    )
    assert forced.returncode == 1
    assert "не нашёл в файле колонок клиента (имя или телефон)" in forced.stderr
    assert "--encoding" in forced.stderr and "koi8-r" in forced.stderr
    assert "read " not in forced.stdout  # nothing imported


def test_a_cut_off_last_row_is_reported(tmp_path: Path) -> None:
    export = write_csv(tmp_path / "cut.csv", 30)
    data = export.read_bytes()
    export.write_bytes(data[: data.rstrip(b"\r\n").rfind(b";") - 3])  # cut in the last row
    done = stobot(tmp_path, "import", str(export), "--profile", "dealer_ru", "--dry-run")
    assert done.returncode == 0, done.stderr
    assert "rejected 1" in done.stdout and "row.truncated" in done.stdout
    assert "Последняя строка файла обрезана" in done.stdout


def test_a_utf16_file_read_as_utf8_is_refused_with_readable_advice(tmp_path: Path) -> None:
    export = write_csv(tmp_path / "u16.csv", 20, encoding="utf-16-le")
    forced = stobot(
        tmp_path, "import", str(export), "--profile", "dealer_ru", "--encoding", "utf-8"
    )
    assert forced.returncode == 1
    assert "\x00" not in forced.stderr  # the headers as read, without their NUL bytes
    assert "Контрагент" not in forced.stderr and "utf-16-le" in forced.stderr


def test_an_xlsx_without_key_columns_is_not_told_to_change_the_encoding(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Товары")
    sheet.append(["Артикул", "Цена"])
    sheet.append(["123", 10])
    book.save(tmp_path / "goods.xlsx")
    refused = stobot(tmp_path, "import", str(tmp_path / "goods.xlsx"), "--profile", "dealer_ru")
    assert refused.returncode == 1 and "«Артикул», «Цена»" in refused.stderr
    assert "--encoding" not in refused.stderr and "--profile" in refused.stderr


def test_a_mistyped_encoding_is_one_line(tmp_path: Path) -> None:
    export = write_csv(tmp_path / "e.csv", 5)
    wrong = stobot(tmp_path, "import", str(export), "--encoding", "koi8")
    assert wrong.returncode == 2 and "Traceback" not in wrong.stderr
    error = wrong.stderr.strip().splitlines()[-1]  # after argparse's usage lines
    assert "«koi8»" in error and "koi8-r" in error
