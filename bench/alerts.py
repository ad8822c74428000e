"""Alert scans against the table size: 10,000 then 100,000 open orders, the same 1,000 due.

Fills a scratch PostgreSQL database with open orders, one stage task and one ordered part each;
500 tasks are past their deadline and 500 parts are late, in both runs. Times the overdue scan
and the delivery-control scan (the queries that find what came due; the handling of each item
costs the same in both runs) as the median of repeated runs. The baseline is the 10k run of the
same process; the target is growth ≤ 1.5 and the 100k scan under 200 ms: a scan should cost
what its due items cost (the indexes on the due columns), not what the whole table costs.

    python -m bench.alerts        # needs PostgreSQL (BENCH_POSTGRES_URL)

Last line: scan_ms_10k=<ms> scan_ms_100k=<ms> growth=<100k/10k> due_found=<count>
"""

from __future__ import annotations

import asyncio
import os
import statistics
import time
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from services.alerts.delivery import due_part_ids
from services.alerts.overdue import due_task_ids
from services.storage.engine import create_session_factory
from services.storage.migrate import upgrade

ADMIN_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
)
DUE_TASKS = 500
DUE_PARTS = 500
REPEATS = 15


async def _admin(statement: str) -> None:
    engine = create_async_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as conn:
            await conn.execute(text(statement))
    finally:
        await engine.dispose()


async def _fill(engine: AsyncEngine, first: int, last: int, now: datetime) -> None:
    """Orders first..last; orders 1..500 have an overdue task, 501..1000 a late part."""
    params = {
        "a": first,
        "b": last,
        "now": now,
        "late": now - timedelta(hours=1),
        "later": now + timedelta(days=10),
        "past": (now - timedelta(days=1)).date(),
        "future": (now + timedelta(days=30)).date(),
        "dt": DUE_TASKS,
        "dp": DUE_TASKS + DUE_PARTS,
    }
    async with engine.begin() as conn:
        await conn.execute(
            text(
                "INSERT INTO orders (id, stage, client_id, car_id, complaint, created_at,"
                " stage_entered_at, labour_approved, version)"
                " SELECT g, 'AWAITING_DELIVERY', 1, 1, '',"
                " CAST(:now AS timestamptz), CAST(:now AS timestamptz), true, 1"
                " FROM generate_series(CAST(:a AS int), CAST(:b AS int)) g"
            ),
            params,
        )
        await conn.execute(
            text(
                "INSERT INTO stage_tasks (order_id, stage, role, status, overdue, created_at,"
                " deadline) SELECT g, 'AWAITING_DELIVERY', 'storekeeper', 'open', false,"
                " CAST(:now AS timestamptz),"
                " CASE WHEN g <= CAST(:dt AS int) THEN CAST(:late AS timestamptz)"
                " ELSE CAST(:later AS timestamptz) END"
                " FROM generate_series(CAST(:a AS int), CAST(:b AS int)) g"
            ),
            params,
        )
        await conn.execute(
            text(
                "INSERT INTO order_parts (order_id, position, name, quantity, status, vendor,"
                " vendor_order_no, expected_date, received_quantity)"
                " SELECT g, 1, 'Колодки', 1, 'ordered', 'Emex', 'E-' || g,"
                " CASE WHEN g > CAST(:dt AS int) AND g <= CAST(:dp AS int) THEN CAST(:past AS date)"
                " ELSE CAST(:future AS date) END, 0"
                " FROM generate_series(CAST(:a AS int), CAST(:b AS int)) g"
            ),
            params,
        )
        await conn.execute(text("ANALYZE"))


async def _scan_ms(engine: AsyncEngine, now: datetime) -> tuple[float, int]:
    factory = create_session_factory(engine)
    timings, found = [], 0
    for _ in range(REPEATS + 3):
        async with factory() as session:
            started = time.perf_counter()
            tasks = await due_task_ids(session, now)
            parts = await due_part_ids(session, now.date())
            timings.append((time.perf_counter() - started) * 1000)
            found = len(tasks) + len(parts)
    return statistics.median(timings[3:]), found  # the first runs warm the caches


async def main() -> None:
    name = f"stobot_bench_{uuid.uuid4().hex[:8]}"
    await _admin(f"CREATE DATABASE {name}")
    engine = create_async_engine(ADMIN_URL.rsplit("/", 1)[0] + f"/{name}")
    try:
        await upgrade(engine)
        now = datetime.now(UTC)
        async with engine.begin() as conn:
            await conn.execute(
                text("INSERT INTO clients (id, created_at) VALUES (1, :now)"), {"now": now}
            )
            await conn.execute(
                text("INSERT INTO cars (id, created_at) VALUES (1, :now)"), {"now": now}
            )
        await _fill(engine, 1, 10_000, now)
        ms_10k, found_10k = await _scan_ms(engine, now)
        print(f"10,000 open orders: scan {ms_10k:.1f} ms, due {found_10k}")
        await _fill(engine, 10_001, 100_000, now)
        ms_100k, found_100k = await _scan_ms(engine, now)
        print(f"100,000 open orders: scan {ms_100k:.1f} ms, due {found_100k}")
        assert found_10k == found_100k, "the same items must be due in both runs"
        # Baseline: what the same scans cost when they have to read the whole tables.
        async with engine.begin() as conn:
            await conn.execute(text("DROP INDEX ix_stage_tasks_open_deadline"))
            await conn.execute(text("DROP INDEX ix_order_parts_status_expected"))
        ms_full, _ = await _scan_ms(engine, now)
        print(f"100,000 open orders without the due-column indexes: scan {ms_full:.1f} ms")
    finally:
        await engine.dispose()
        await _admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    print(
        f"scan_ms_10k={ms_10k:.1f} scan_ms_100k={ms_100k:.1f} "
        f"growth={ms_100k / ms_10k:.2f} due_found={found_100k}"
    )


if __name__ == "__main__":
    asyncio.run(main())
