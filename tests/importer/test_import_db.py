"""Importing into the database (SQLite and PostgreSQL): merging, re-runs, interruptions, owner
changes between exports, the report and the Bitrix24 outbox."""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from services.importer import (
    ImportFailure,
    ImportOptions,
    ImportSummary,
    load_profile,
    run_import,
)
from services.importer import run as run_module
from services.importer.sample import write_csv, write_xlsx
from services.storage.engine import create_session_factory
from services.storage.models import (
    AuditEvent,
    Car,
    CarRelation,
    Client,
    ClientPhone,
    OutboxMessage,
)

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
Factory = async_sessionmaker[AsyncSession]

DEALER = "Контрагент;Телефон;VIN;Госномер;Марка;Модель;Год выпуска;Дата последнего визита;Отношение к автомобилю\n"  # noqa: E501


def clock() -> datetime:
    return NOW


async def run(
    factory: Factory, path: Path, profile: str = "dealer_ru", **kw: object
) -> ImportSummary:
    options = ImportOptions(path=path, profile=load_profile(profile), **kw)  # type: ignore[arg-type]
    return await run_import(factory, options, clock)


async def counts(factory: Factory) -> dict[str, int]:
    async with factory() as session:
        out = {}
        for name, model in (
            ("clients", Client),
            ("phones", ClientPhone),
            ("cars", Car),
            ("relations", CarRelation),
            ("outbox", OutboxMessage),
        ):
            out[name] = await session.scalar(select(func.count()).select_from(model))
        return out


def write(path: Path, body: str, encoding: str = "utf-8", header: str = DEALER) -> Path:
    path.write_text(header + body, encoding=encoding)
    return path


async def test_sample_imports_and_rerun_changes_nothing(
    session_factory: Factory, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "export.csv", 300)
    first = await run(session_factory, path, report_path=tmp_path / "r1.csv")
    assert first.read == 300 and first.created > 0 and first.merged > 0
    after_first = await counts(session_factory)
    assert after_first["clients"] == first.clients_created
    assert after_first["cars"] == first.cars_created
    second = await run(session_factory, path, report_path=tmp_path / "r2.csv")
    assert (second.created, second.updated, second.owner_changes) == (0, 0, 0)
    assert await counts(session_factory) == after_first
    # No phone and no VIN is held twice.
    async with session_factory() as session:
        phones = await session.scalar(select(func.count(func.distinct(ClientPhone.phone))))
        assert phones == after_first["phones"]


async def test_xlsx_and_cp1251_csv_give_the_same_result(
    session_factory: Factory, tmp_path: Path
) -> None:
    xlsx = await run(session_factory, write_xlsx(tmp_path / "e.xlsx", 120))
    again = await run(
        session_factory, write_csv(tmp_path / "e.csv", 120, encoding="cp1251", delimiter="\t")
    )
    assert xlsx.created > 0 and again.created == 0 and again.updated == 0
    assert again.encoding == "cp1251" and again.delimiter == "\t"


@pytest.mark.parametrize("workers", [1, 2])
async def test_koi8_r_and_utf16_exports_give_the_same_result(
    session_factory: Factory, tmp_path: Path, workers: int
) -> None:
    first = await run(session_factory, write_csv(tmp_path / "u.csv", 120, encoding="utf-8"))
    for encoding, delimiter in (("koi8-r", ";"), ("utf-16", "\t")):
        path = write_csv(tmp_path / f"{encoding}.csv", 120, encoding=encoding, delimiter=delimiter)
        again = await run(session_factory, path, workers=workers)
        assert again.encoding == encoding and again.read == first.read
        assert again.created == 0 and again.updated == 0, encoding


@pytest.mark.parametrize(
    ("header", "missing"),
    [
        ("VIN;Госномер;Марка\n", "person"),
        ("Артикул;Цена\n", "both"),
    ],
)
async def test_without_its_key_columns_the_import_refuses(
    session_factory: Factory, tmp_path: Path, header: str, missing: str
) -> None:
    path = tmp_path / "k.csv"
    path.write_text(header + "WBAFG41000LJ12345;А123ВС77;BMW\n", encoding="utf-8")
    with pytest.raises(ImportFailure) as refused:
        await run(session_factory, path)
    assert refused.value.reason == "key_columns"
    assert refused.value.params["missing"] == missing
    assert refused.value.params["encoding"] == "utf-8"
    assert (await counts(session_factory))["cars"] == 0


async def test_a_file_of_clients_only_imports(session_factory: Factory, tmp_path: Path) -> None:
    path = write(
        tmp_path / "clients.csv",
        "Петров Пётр;89161111111;petrov@example.ru\nСидоров Олег;89162222222;\n",
        header="Контрагент;Телефон;E-mail\n",
    )
    summary = await run(session_factory, path)
    assert (summary.clients_created, summary.cars_created, summary.rejected) == (2, 0, 0)
    assert (await counts(session_factory))["clients"] == 2


async def test_a_koi8_r_file_read_as_cp1251_still_refuses(
    session_factory: Factory, tmp_path: Path
) -> None:
    """Issue 21: read as Windows-1251, a KOI8-R export matched only VIN and the plate, and
    3,726 cars with a VIN and nothing else were written."""
    path = write_csv(tmp_path / "koi.csv", 30, encoding="koi8-r")
    with pytest.raises(ImportFailure) as refused:
        await run(session_factory, path, encoding="cp1251")
    assert refused.value.params["missing"] == "person"
    assert (await counts(session_factory))["cars"] == 0


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("cut", ["Сидоров Олег;89162222222;WBAFG41000LJ54321;А12", 'Сидоров;"8916'])
async def test_a_last_row_cut_off_is_rejected(
    session_factory: Factory, tmp_path: Path, workers: int, cut: str
) -> None:
    """A file cut off in the middle of its last row: that row is not imported half."""
    path = write(
        tmp_path / "cut.csv",
        "Петров Пётр;89161111111;WBAFG41000LJ12345;А123ВС77;BMW;X5;2015;01.02.2019;Владелец\n"
        + cut,
    )
    summary = await run(session_factory, path, workers=workers, report_path=tmp_path / "r.csv")
    assert (summary.read, summary.rejected, summary.counts.get("row.truncated")) == (2, 1, 1)
    assert (summary.clients_created, summary.cars_created) == (1, 1)
    rows = list(csv.DictReader((tmp_path / "r.csv").open(encoding="utf-8-sig")))
    listed = [r for r in rows if r["rule"] == "row.truncated" and r["source_row"] != "total"]
    assert [(r["source_row"], r["action"]) for r in listed] == [("3", "rejected")]
    assert listed[0]["why"]


async def test_a_complete_last_row_without_a_line_break_imports(
    session_factory: Factory, tmp_path: Path
) -> None:
    path = write(
        tmp_path / "end.csv",
        "Петров Пётр;89161111111;WBAFG41000LJ12345;А123ВС77;BMW;X5;2015;01.02.2019;Владелец",
    )
    summary = await run(session_factory, path)
    assert (summary.read, summary.rejected, summary.clients_created) == (1, 0, 1)


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("end", ["\n", ""])
async def test_a_header_ending_in_a_delimiter_keeps_the_last_row(
    session_factory: Factory, tmp_path: Path, workers: int, end: str
) -> None:
    """1C writes `…;Отношение к автомобилю;`: a header one empty cell wider than its rows."""
    path = write(
        tmp_path / "1c.csv",
        "Петров Пётр;89161111111;WBAFG41000LJ12345;А123ВС77;BMW;X5;2015;01.02.2019;Владелец\n"
        "Сидоров Олег;89162222222;WBAFG41000LJ54321;В456ОР77;Audi;A4;2017;01.03.2020;Владелец"
        + end,
        header=DEALER.rstrip("\n") + ";\n",
    )
    summary = await run(session_factory, path, workers=workers)
    assert (summary.read, summary.rejected, summary.clients_created, summary.cars_created) == (
        2,
        0,
        2,
        2,
    )


@pytest.mark.parametrize("workers", [1, 2])
async def test_an_export_leaving_out_trailing_empty_cells_keeps_the_last_row(
    session_factory: Factory, tmp_path: Path, workers: int
) -> None:
    path = write(
        tmp_path / "short.csv",
        "Петров Пётр;89161111111;WBAFG41000LJ12345;А123ВС77;BMW;X5;2015;01.02.2019;Владелец\n"
        "Сидоров Олег;89162222222;WBAFG41000LJ54321\n",
    )
    summary = await run(session_factory, path, workers=workers)
    assert (summary.read, summary.rejected, summary.clients_created, summary.cars_created) == (
        2,
        0,
        2,
        2,
    )


async def test_duplicates_become_one_client_and_one_car(
    session_factory: Factory, tmp_path: Path
) -> None:
    path = write(
        tmp_path / "d.csv",
        (
            "ИВАНОВ ИВАН;8 (916) 123-45-67;WBA-FG410-00LJ-12345;а123вс77;BMW;X5;2015;01.02.2020;\n"
            "Иванов Иван;+7 916 1234567, 8 903 765-43-21;wbafg41000lj12345;А123ВС77;BMW;X5;2015;"
            "01.03.2021;Владелец\n"
            "Иванов И.;89037654321;;;;;;01.04.2022;\n"
        ),
    )
    summary = await run(session_factory, path)
    assert (summary.clients_created, summary.cars_created, summary.merged) == (1, 1, 2)
    async with session_factory() as session:
        client = await session.scalar(select(Client))
        assert client is not None and client.full_name == "Иванов И."  # the latest row's name
        assert sorted(p.phone for p in client.phones) == ["+79037654321", "+79161234567"]
        car = await session.scalar(select(Car))
        assert car is not None and (car.vin, car.plate) == ("WBAFG41000LJ12345", "А123ВС77")


@pytest.mark.parametrize(
    "body",
    [
        # The phone-only name is the newer row, later in the file or earlier.
        "Савина Вера;89895113637;;;;;;01.02.2019;\n8-989-511-36-37;89895113637;;;;;;05.06.2024;\n",
        "8-989-511-36-37;89895113637;;;;;;05.06.2024;\nСавина Вера;89895113637;;;;;;01.02.2019;\n",
        # …and the person is joined across two phones (the union path).
        "8-989-511-36-37;89895113637, 89031234567;;;;;;05.06.2024;\n"
        "Савина Вера;89031234567;;;;;;01.02.2019;\n",
        "Савина Вера;89031234567;;;;;;01.02.2019;\n"
        "8-989-511-36-37;89031234567, 89895113637;;;;;;05.06.2024;\n",
        # No phone column value: the number in the name cell is the phone.
        "Савина Вера;89895113637;;;;;;01.02.2019;\n8-989-511-36-37;;;;;;;05.06.2024;\n",
    ],
)
async def test_a_real_name_wins_over_a_name_that_is_only_a_phone(
    session_factory: Factory, tmp_path: Path, body: str
) -> None:
    summary = await run(session_factory, write(tmp_path / "n.csv", body))
    assert summary.clients_created == 1
    async with session_factory() as session:
        client = await session.scalar(select(Client))
        assert client is not None and client.full_name == "Савина Вера"
        assert "+79895113637" in [p.phone for p in client.phones]


async def test_two_people_on_one_vin(session_factory: Factory, tmp_path: Path) -> None:
    path = write(
        tmp_path / "o.csv",
        (
            "Петров Пётр;89161111111;WBAFG41000LJ12345;;;;;01.02.2019;Владелец\n"
            "Сидоров Олег;89162222222;WBAFG41000LJ12345;;;;;01.02.2023;Владелец\n"
            "Сидоров Максим;89163333333;WBAFG41000LJ12345;;;;;01.03.2023;Водитель\n"
        ),
    )
    summary = await run(session_factory, path)
    assert summary.counts["car.former_owner"] == 1 and summary.counts["car.driver_added"] == 1
    holders = await _holders(session_factory)
    assert holders == [
        ("Петров Пётр", "owner", True),
        ("Сидоров Олег", "owner", False),
        ("Сидоров Максим", "driver", False),
    ]


async def test_relation_to_the_car_column_of_a_1c_export(
    session_factory: Factory, tmp_path: Path
) -> None:
    """«Отношение к ТС»: a driver is not an owner, a former owner is history, an unknown word
    makes nobody the owner; a column no field takes is named in the summary."""
    path = write(
        tmp_path / "ts.csv",
        "Петров Пётр;89161111111;WBAFG41000LJ12345;01.02.2019;Бывший владелец;Анна\n"
        "Сидоров Олег;89162222222;WBAFG41000LJ12345;01.02.2020;Владелец;Анна\n"
        "Сидоров Максим;89163333333;WBAFG41000LJ12345;01.03.2023;Водитель;Анна\n"
        "Кузнецов Ян;89164444444;WBAFG41000LJ12345;01.04.2023;Арендатор;Анна\n",
        header="Контрагент;Телефон;VIN;Дата последнего визита;Отношение к ТС;Менеджер\n",
    )
    summary = await run(session_factory, path)
    assert summary.unused_columns == ["Менеджер"]
    assert summary.counts["relation.unknown"] == 1
    assert summary.counts["car.former_owner"] == 1 and summary.counts["car.driver_added"] == 2
    expected = [
        ("Петров Пётр", "owner", True),
        ("Сидоров Олег", "owner", False),
        ("Сидоров Максим", "driver", False),
        ("Кузнецов Ян", "driver", False),
    ]
    assert await _holders(session_factory) == expected
    again = await run(session_factory, path)
    assert (again.created, again.updated, again.owner_changes) == (0, 0, 0)
    assert await _holders(session_factory) == expected


async def test_former_owner_of_a_stored_car_is_history(
    session_factory: Factory, tmp_path: Path
) -> None:
    body = "Контрагент;Телефон;VIN;Дата последнего визита;Отношение к ТС\n"
    first = write(
        tmp_path / "a.csv",
        "Сидоров Олег;89162222222;WBAFG41000LJ12345;01.02.2020;Владелец\n",
        header=body,
    )
    await run(session_factory, first)
    second = write(
        tmp_path / "b.csv",
        "Петров Пётр;89161111111;WBAFG41000LJ12345;01.02.2019;Прежний владелец\n",
        header=body,
    )
    summary = await run(session_factory, second)
    assert summary.owner_changes == 0 and summary.counts["car.former_owner"] == 1
    assert await _holders(session_factory) == [
        ("Петров Пётр", "owner", True),
        ("Сидоров Олег", "owner", False),
    ]


async def test_newer_export_records_owner_change_and_new_phone(
    session_factory: Factory, tmp_path: Path
) -> None:
    await run(
        session_factory,
        write(
            tmp_path / "a.csv",
            ("Петров Пётр;89161111111;WBAFG41000LJ12345;А123ВС77;BMW;X5;2015;01.02.2019;\n"),
        ),
    )
    newer = write(
        tmp_path / "b.csv",
        (
            "Петров Пётр;89161111111, 89164444444;;;;;;01.02.2019;\n"
            "Сидоров Олег;89162222222;WBAFG41000LJ12345;В456ОР99;BMW;X5;2015;05.06.2024;\n"
        ),
    )
    summary = await run(session_factory, newer, report_path=tmp_path / "b.report.csv")
    assert summary.owner_changes == 1 and summary.cars_updated == 1
    assert summary.counts["client.phone_added"] == 1
    holders = await _holders(session_factory)
    assert holders == [("Петров Пётр", "owner", True), ("Сидоров Олег", "owner", False)]
    async with session_factory() as session:
        petrov = await session.scalar(select(Client).where(Client.full_name == "Петров Пётр"))
        assert petrov is not None
        assert [p.phone for p in petrov.phones] == ["+79161111111", "+79164444444"]
        car = await session.scalar(select(Car))
        assert car is not None and car.plate == "В456ОР99"
        audit = await session.scalar(
            select(AuditEvent).where(AuditEvent.action == "car.owner_changed")
        )
        assert audit is not None and audit.details["source"] == "import"
    rows = list(csv.DictReader((tmp_path / "b.report.csv").open(encoding="utf-8-sig")))
    changed = [r for r in rows if r["rule"] == "car.owner_changed" and r["source_row"] != "total"]
    assert len(changed) == 1 and changed[0]["source_row"] == "3"
    # The older export again: the newer owner stays, nothing changes.
    again = await run(session_factory, tmp_path / "a.csv")
    assert again.owner_changes == 0 and again.counts.get("car.owner_kept") == 1
    assert (await _holders(session_factory))[-1] == ("Сидоров Олег", "owner", False)


async def test_phone_of_another_client_is_not_moved(
    session_factory: Factory, tmp_path: Path
) -> None:
    await run(
        session_factory,
        write(
            tmp_path / "a.csv", "Петров Пётр;89161111111;;;;;;;\nСидоров Олег;89162222222;;;;;;;\n"
        ),
    )
    summary = await run(
        session_factory,
        write(
            tmp_path / "b.csv",
            "Петров Пётр;89161111111;;;;;;;\nПетров Пётр;89161111111, 89162222222;;;;;;;\n",
        ),
    )
    assert summary.counts.get("client.phone_taken") == 1
    assert (await counts(session_factory))["phones"] == 2


async def test_dry_run_writes_nothing(session_factory: Factory, tmp_path: Path) -> None:
    summary = await run(session_factory, write_csv(tmp_path / "e.csv", 100), dry_run=True)
    assert summary.created > 0
    assert (await counts(session_factory))["clients"] == 0


async def test_interrupted_run_leaves_nothing_and_reruns_cleanly(
    session_factory: Factory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_csv(tmp_path / "e.csv", 200)
    real_write = run_module.write_cars

    async def crash(*args: object) -> None:
        raise KeyboardInterrupt  # Ctrl-C after the clients were written, before the cars

    monkeypatch.setattr(run_module, "write_cars", crash)
    with pytest.raises(KeyboardInterrupt):
        await run(session_factory, path)
    assert (await counts(session_factory))["clients"] == 0
    monkeypatch.setattr(run_module, "write_cars", real_write)
    first = await run(session_factory, path)
    again = await run(session_factory, path)
    assert first.created > 0 and again.created == 0
    assert (await counts(session_factory))["clients"] == first.clients_created


async def test_report_lists_changed_and_rejected_rows(
    session_factory: Factory, tmp_path: Path
) -> None:
    path = write(
        tmp_path / "r.csv",
        (
            "ИВАНОВ ИВАН 89161234567;;WBA-FG410-00LJ-12345;;;;;;\n"
            "Петров;7.91612E+10;WBAFG41000LO12345;;;;;;\n"
            ";;нет;;;;;;\n"
        ),
    )
    report = tmp_path / "report.csv"
    summary = await run(session_factory, path, report_path=report)
    assert summary.rejected == 1 and summary.read == 3
    rows = list(csv.DictReader(report.open(encoding="utf-8-sig")))
    listed = [
        (r["source_row"], r["field"], r["original_value"], r["action"], r["rule"])
        for r in rows
        if r["source_row"] != "total"
    ]
    assert ("2", "name", "ИВАНОВ ИВАН 89161234567", "moved", "name.phone_moved") in listed
    assert ("2", "vin", "WBA-FG410-00LJ-12345", "cleaned", "vin.cleaned") in listed
    assert ("3", "phone", "7.91612E+10", "rejected", "phone.excel") in listed
    assert ("3", "vin", "WBAFG41000LO12345", "rejected", "vin.letters_ioq") in listed
    assert ("4", "row", "", "skipped", "row.empty") in listed
    assert all(r["why"] for r in rows)
    totals = {r["field"]: r["new_value"] for r in rows if r["source_row"] == "total"}
    assert totals["phone.excel"] == "1" and totals["row.empty"] == "1"


async def test_outbox_rows_for_a_portal_connected_shop(
    session_factory: Factory, db_engine: AsyncEngine, tmp_path: Path
) -> None:
    with_portal = create_session_factory(db_engine, outbox=True)
    path = write(
        tmp_path / "o.csv",
        (
            "Петров Пётр;89161111111;WBAFG41000LJ12345;;;;;01.02.2019;\n"
            "Сидоров Олег;89162222222;;А123ВС77;;;;;\n"
        ),
    )
    summary = await run(with_portal, path)
    assert summary.outbox == 4
    async with with_portal() as session:
        rows = (await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))).all()
    assert [(r.kind, r.status) for r in rows] == [
        ("contact.sync", "pending"),
        ("contact.sync", "pending"),
        ("car.sync", "pending"),
        ("car.sync", "pending"),
    ]
    again = await run(with_portal, path)
    assert again.outbox == 0 and (await counts(with_portal))["outbox"] == 4


async def test_no_portal_nothing_queued(session_factory: Factory, tmp_path: Path) -> None:
    summary = await run(session_factory, write_csv(tmp_path / "e.csv", 50))
    assert summary.created > 0 and summary.outbox == 0
    assert (await counts(session_factory))["outbox"] == 0


async def test_default_profile(session_factory: Factory, tmp_path: Path) -> None:
    path = write(
        tmp_path / "own.csv",
        "Иванов Иван,89161234567,,WBAFG41000LJ12345,А123ВС77,owner\n"
        "Иванов Иван Jr,89031234567,,WBAFG41000LJ12345,,driver\n",
        header="name,phone,phone2,vin,plate,relation\n",
    )
    summary = await run(session_factory, path, profile="default")
    assert (summary.clients_created, summary.cars_created) == (2, 1)
    assert summary.counts["car.driver_added"] == 1


async def _holders(factory: Factory) -> list[tuple[str, str, bool]]:
    async with factory() as session:
        rows = await session.execute(
            select(Client.full_name, CarRelation.kind, CarRelation.until)
            .join(Client, Client.id == CarRelation.client_id)
            .order_by(CarRelation.since, CarRelation.id)
        )
        return [(name, kind, until is not None) for name, kind, until in rows]


_: Callable[..., object] = run  # keeps the helper's signature checked


async def test_deferred_reference_check_refuses_a_broken_reference(
    session_factory: Factory,
) -> None:
    from sqlalchemy import text

    from services.importer.bulk import check_references, defer_reference_checks

    async with session_factory() as session:
        conn = await session.connection()
        if not await defer_reference_checks(conn):
            pytest.skip("per-row checks stay on (SQLite, or not a PostgreSQL superuser)")
        await conn.execute(
            text("INSERT INTO client_phones (client_id, phone, added_at) VALUES (999, '+7', now())")
        )
        with pytest.raises(RuntimeError, match=r"broken client_phones\.client_id"):
            await check_references(conn)
        await session.rollback()
    assert (await counts(session_factory))["phones"] == 0


@pytest.mark.parametrize("workers", [1, 2])
async def test_control_characters_in_an_export_are_dropped(
    session_factory: Factory, tmp_path: Path, workers: int
) -> None:
    """A NUL in a cell would fail the whole import on PostgreSQL (it refuses NUL in text)."""
    path = write(
        tmp_path / "nul.csv",
        "Пет\x00ров Пётр\x07;8 916 222-33-44;;В777ОР77;Lada;Ve\x00sta;2019;01.02.2024;Владелец\n",
    )
    summary = await run(session_factory, path, workers=workers)
    assert summary.clients_created == 1
    async with session_factory() as session:
        client = await session.scalar(select(Client))
        car = await session.scalar(select(Car))
    assert client is not None and client.full_name == "Петров Пётр"
    assert car is not None and car.model == "Vesta"
