"""`stobot import`: stream the export, clean it, fold duplicates, write what changed.

Reading and cleaning stream (batches, optionally in worker processes); the store phase then
matches people and cars with what is stored and writes in one transaction, so an interrupted
import leaves nothing half done and simply runs again. Matching by phone and VIN makes a re-run
of the same file change nothing.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.audit import log as audit
from services.clock import Clock, system_clock
from services.crm.outbox import Kind
from services.crm.outbox.writer import BULK_COLUMNS, bulk_rows
from services.importer.aggregate import Aggregate
from services.importer.bulk import check_references, defer_reference_checks, insert_rows
from services.importer.cars import (
    CarsPlan,
    load_cars,
    new_car_count,
    plan_cars,
    reserve_car_ids,
    write_cars,
)
from services.importer.chunks import byte_chunks
from services.importer.clean import Cleaner, Note
from services.importer.errors import ImportFailure
from services.importer.people import PeoplePlan, plan_people, write_people
from services.importer.profile import Profile
from services.importer.reader import Progress, Source, open_source, splittable_at_line_breaks
from services.importer.report import Report
from services.importer.workers import Result, clean_batches, clean_chunks
from services.normalize.text import without_control
from services.storage import unit_of_work
from services.storage.models import OutboxMessage


@dataclass
class ImportOptions:
    path: Path
    profile: Profile
    dry_run: bool = False
    report_path: Path | None = None
    encoding: str | None = None
    delimiter: str | None = None
    workers: int = 1
    batch_rows: int = 5000
    progress: Progress | None = None


@dataclass
class ImportSummary:
    read: int = 0
    rejected: int = 0
    merged: int = 0
    clients_created: int = 0
    clients_updated: int = 0
    cars_created: int = 0
    cars_updated: int = 0
    owner_changes: int = 0
    outbox: int = 0
    dry_run: bool = False
    encoding: str | None = None
    delimiter: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    unused_columns: list[str] = field(default_factory=list)  # named columns no field knows
    # (column, field, column taken): a field's second match, e.g. «Дата» after «Дата визита»
    second_columns: list[tuple[str, str, str]] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # per phase, for the curious

    @property
    def created(self) -> int:
        return self.clients_created + self.cars_created

    @property
    def updated(self) -> int:
        return self.clients_updated + self.cars_updated


async def run_import(
    factory: async_sessionmaker[AsyncSession], options: ImportOptions, clock: Clock = system_clock
) -> ImportSummary:
    profile = options.profile
    source = open_source(
        options.path,
        encoding=options.encoding or profile.encoding,
        delimiter=options.delimiter or profile.delimiter,
        sheet=profile.sheet,
        progress=options.progress,
        header_score=lambda header: len(profile.locate(header)),
    )
    layout = profile.locate(source.header)
    _require_key_columns(profile, layout, source)
    now = clock()
    # Only a file that stops without a line break can have its last row cut off; even then a
    # row may leave out trailing empty cells (or 1C's empty cell after a header's last `;`).
    named = [i for i, h in enumerate(source.header) if h.strip()]
    width = 0 if source.ends_with_line_break else (named[-1] + 1 if named else 0)
    cleaner = Cleaner(layout, profile, max_year=now.year + 1, width=width)
    report = Report(options.report_path)
    summary = ImportSummary(
        dry_run=options.dry_run,
        encoding=source.encoding,
        delimiter=source.delimiter,
        unused_columns=profile.unused_columns(source.header, layout),
        second_columns=profile.second_columns(source.header, layout),
    )
    agg = Aggregate()
    # Millions of small long-lived objects: the cyclic collector would rescan them all over
    # and over (quadratic on a big export); nothing here makes reference cycles.
    gc_was_on = gc.isenabled()
    gc.disable()
    try:
        started = time.perf_counter()
        for rows, notes in _cleaned(source, cleaner, options):
            for row in rows:
                agg.add(row, notes)
            report.add(notes)
        summary.seconds["read_clean"] = _lap(started)
        people, cars = await _store(factory, agg, now, report, summary)
    finally:
        report.close()
        if gc_was_on:
            gc.enable()
    _count(summary, report, agg, people, cars)
    return summary


async def _store(
    factory: async_sessionmaker[AsyncSession],
    agg: Aggregate,
    now: datetime,
    report: Report,
    summary: ImportSummary,
) -> tuple[PeoplePlan, CarsPlan]:
    """Match the export's people and cars with the stored ones and write the plans (a dry
    run only plans)."""
    async with factory() as session:
        notes: list[Note] = []
        started = time.perf_counter()
        people, cars = await _plan(session, agg, now, notes)
        summary.seconds["match"] = _lap(started)
        agg.release()  # the plans hold what is written; free the people and cars
        # Counted, not noted per row: 700,000 notes nobody lists would cost 100 MB.
        report.counts["client.created"] += people.created
        report.counts["car.created"] += cars.created
        report.add(notes)
        if summary.dry_run:
            await session.rollback()
        else:
            started = time.perf_counter()
            summary.outbox = await _write(session, people, cars)
            _audit(session, cars, report, agg)
            await unit_of_work.commit(session)
            summary.seconds["write"] = _lap(started)
    return people, cars


def _count(
    summary: ImportSummary, report: Report, agg: Aggregate, people: PeoplePlan, cars: CarsPlan
) -> None:
    summary.rejected = report.counts["row.empty"] + report.counts["row.truncated"]
    summary.read = agg.rows + summary.rejected
    summary.merged = agg.merged_rows
    summary.clients_created, summary.cars_created = people.created, cars.created
    summary.clients_updated, summary.cars_updated = len(people.updated_ids), len(cars.updated_ids)
    summary.owner_changes = len(cars.owner_changes)
    summary.counts = dict(report.counts)


def _require_key_columns(profile: Profile, layout: dict[str, list[int]], source: Source) -> None:
    """A client column, or refuse: with a wrong encoding or profile only a few headers match,
    and importing what they give (cars with a VIN and nothing else — ASCII headers such as
    «VIN» survive any encoding) is worse than stopping. A file of clients only (no car column)
    imports: a client column found means its header was read as written."""
    person = bool(layout.keys() & {"name", "phones"})
    car = bool(layout.keys() & {"vin", "plate"})
    if person:
        return
    raise ImportFailure(
        "key_columns",
        profile=profile.name,
        missing="person" if car else "both",
        # Printed to a terminal: a file read in the wrong encoding may hold NULs and escapes.
        header=[c for h in source.header if (c := without_control(h).strip())],
        encoding=source.encoding or "",
    )


def _lap(started: float) -> float:
    return round(time.perf_counter() - started, 2)


def _cleaned(source: Source, cleaner: Cleaner, options: ImportOptions) -> Iterator[Result]:
    if (
        options.workers > 1
        and source.encoding
        and source.delimiter
        and splittable_at_line_breaks(source.encoding)
    ):
        # A CSV: workers parse byte chunks themselves (see `chunks`).
        source.rows.close()
        chunks = byte_chunks(options.path, 1, options.progress)
        return clean_chunks(chunks, cleaner, source.encoding, source.delimiter, options.workers)
    return clean_batches(source.rows, cleaner, options.workers, options.batch_rows)


async def _plan(
    session: AsyncSession,
    agg: Aggregate,
    now,
    notes: list[Note],  # type: ignore[no-untyped-def]
) -> tuple[PeoplePlan, CarsPlan]:
    conn = await session.connection()
    state = await load_cars(conn, agg)
    people = await plan_people(conn, agg, now, notes, state.name_keys)
    car_ids = await reserve_car_ids(conn, new_car_count(agg, state))
    cars = plan_cars(agg, state, people.client_of, car_ids, now, notes)
    return people, cars


async def _write(session: AsyncSession, people: PeoplePlan, cars: CarsPlan) -> int:
    conn = await session.connection()
    deferred = await defer_reference_checks(conn)
    await write_people(conn, people)
    await write_cars(conn, cars)
    if deferred:
        await check_references(conn)
    # Contacts first: a car item names its owner's contact.
    client_ids = [r[0] for r in people.new_clients] + sorted(people.updated_ids)
    car_ids = [r[0] for r in cars.new_cars] + sorted(cars.updated_ids)
    rows = bulk_rows(session, Kind.CONTACT_SYNC, client_ids)
    rows += bulk_rows(session, Kind.CAR_SYNC, car_ids)
    await insert_rows(conn, OutboxMessage.__table__, BULK_COLUMNS, rows)
    return len(rows)


def _audit(session: AsyncSession, cars: CarsPlan, report: Report, agg: Aggregate) -> None:
    for car_id, old, new in cars.owner_changes:
        audit.record(
            session,
            audit.AuditAction.CAR_OWNER_CHANGED,
            entity_type="car",
            entity_id=car_id,
            old_owner_client_id=old,
            new_owner_client_id=new,
            source="import",
        )
    audit.record(
        session, audit.AuditAction.IMPORT_FINISHED, rows=agg.rows, counts=dict(report.counts)
    )
