"""Dealer import at scale: a messy export of N rows through `stobot import`, against raw COPY.

    python -m bench.import [--rows 500000] [--workers 2]

Generates a realistic messy export (services/importer/sample.py: every kind of mess the importer
cleans, people and cars recurring across rows, owner changes, drivers), imports it into a
scratch PostgreSQL database through the real command (`bot.cli.commands.main(["import", …])`), then,
for scale, loads the same number of already-clean rows into a scratch table with one raw COPY.
Prints, last:
    rows=<N> import_s=<s> rows_per_s=<r> vs_raw_copy=<import_s / copy_s> peak_rss_mb=<m>
peak_rss_mb is the larger of this process and its worker processes during the import.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import tempfile
import time
import uuid
from pathlib import Path

import asyncpg

from bot.cli.commands import main as cli_main
from services.importer.sample import rows as sample_rows
from services.importer.sample import write_csv

# Same variable as the other benches; asyncpg itself wants the plain scheme.
ADMIN = os.environ.get(
    "BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
).replace("postgresql+asyncpg://", "postgresql://")


async def _admin(sql: str) -> None:
    conn = await asyncpg.connect(ADMIN)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


def _db_url(name: str, driver: str = "postgresql") -> str:
    return ADMIN.rsplit("/", 1)[0].replace("postgresql", driver, 1) + f"/{name}"


def _peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def _cpu_s() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


async def _raw_copy(url: str, count: int) -> float:
    """The same number of clean rows, one COPY into a scratch table: the floor for scale."""
    clean = [
        (
            r[0].strip().title(),
            "+7" + r[1][-10:] if r[1] else None,
            r[2].strip() or None,
            r[3][:17],
            r[4],
            r[5],
            r[6],
            2010,
            100000,
            r[9],
            r[10],
        )
        for r in sample_rows(count)
    ]
    conn = await asyncpg.connect(url)
    try:
        await conn.execute(
            "CREATE TABLE raw_copy (name text, phone text, email text, vin text, plate text, "
            "make text, model text, year int, mileage int, visit text, relation text)"
        )
        started = time.perf_counter()
        await conn.copy_records_to_table("raw_copy", records=clean)
        return time.perf_counter() - started
    finally:
        await conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=500_000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    name = f"stobot_bench_{uuid.uuid4().hex[:8]}"
    asyncio.run(_admin(f"CREATE DATABASE {name}"))
    try:
        with tempfile.TemporaryDirectory() as tmp:
            export = write_csv(Path(tmp) / "export.csv", args.rows)
            report = Path(tmp) / "report.csv"
            os.environ["DATABASE_URL"] = _db_url(name, "postgresql+asyncpg")
            # Migrations are applied by the command too; do it first so only the import is timed.
            cli_main(["migrate"])
            started = time.perf_counter()
            cpu_started = _cpu_s()
            code = cli_main(
                [
                    "import",
                    str(export),
                    "--profile",
                    "dealer_ru",
                    "--report",
                    str(report),
                    "--workers",
                    str(args.workers),
                    "--quiet",
                ]
            )
            import_s = time.perf_counter() - started
            cpu_s = _cpu_s() - cpu_started
            load = os.getloadavg()[0]
            peak = _peak_rss_mb()
            if code != 0:
                raise SystemExit(f"import failed with exit code {code}")
        copy_s = asyncio.run(_raw_copy(_db_url(name), args.rows))
    finally:
        asyncio.run(_admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    print(f"raw COPY of {args.rows} clean rows: {copy_s:.2f} s")
    print(f"import CPU (this process and workers): {cpu_s:.1f} s; load average {load:.1f}")
    print(
        f"rows={args.rows} import_s={import_s:.2f} rows_per_s={args.rows / import_s:.0f} "
        f"vs_raw_copy={import_s / copy_s:.1f} peak_rss_mb={peak:.0f}"
    )


if __name__ == "__main__":
    main()
