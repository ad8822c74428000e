"""Benchmark: the director's report over a year of a busy shop (50,000 orders) on PostgreSQL.

Builds the history straight into a scratch database (COPY, not the use cases: a year of moves,
parts, works and tasks), then times, on a warm process (matplotlib loaded once):
  * the report for the last month, with its four charts;
  * the report for the whole year, with its four charts (target: under 2 s);
  * the year's XLSX export (report + workbook).
Baseline in the same run: the month's money worked out the naive way, loading the orders with
their parts and works into Python (services/orders/totals.py per order).
Prints last:
    report_month_ms=<ms> report_year_ms=<ms> xlsx_year_ms=<ms>

    python -m bench.report [--orders 50000] [--database-url postgresql+asyncpg://…/postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import time
import uuid
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bot.i18n import Translator
from dialogs.director_report.files import file_text
from dialogs.director_report.render import chart_texts, person
from services.orders.pipeline import STAGE_OWNER
from services.orders.stages import PIPELINE, Stage
from services.orders.totals import compute_totals
from services.reports.build import build_report
from services.reports.charts import render_charts
from services.reports.period import PeriodKind, current_period, make_period
from services.reports.workbook import build_workbook
from services.storage.engine import create_engine, create_session_factory
from services.storage.migrate import upgrade
from services.storage.models import Order

TZ = ZoneInfo("Europe/Moscow")
L10N = Translator("ru").get("ru")
ADMIN_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1/test")
VENDORS = ("Emex", "Автодок", "Exist", "Major", "Армтек", "ЗапчастиПро")
REASONS = ("Дорого", "Клиент передумал", "Долго ждать запчасти", "Сделает сам")
WORK_STAGES = [s for s in PIPELINE if s not in (Stage.NEW, Stage.DONE)]


async def _admin(sql: str) -> None:
    engine = create_async_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    async with engine.connect() as conn:
        await conn.execute(text(sql))
    await engine.dispose()


class History:
    """Rows for COPY, one list per table, built from a seeded random generator."""

    def __init__(self, orders: int, now: datetime, seed: int = 8) -> None:
        self.rnd = random.Random(seed)
        self.now = now
        self.orders: list[tuple[Any, ...]] = []
        self.moves: list[tuple[Any, ...]] = []
        self.parts: list[tuple[Any, ...]] = []
        self.works: list[tuple[Any, ...]] = []
        self.tasks: list[tuple[Any, ...]] = []
        for order_id in range(1, orders + 1):
            self._order(order_id)

    def _order(self, order_id: int) -> None:
        rnd, year_ago = self.rnd, self.now - timedelta(days=365)
        created = year_ago + timedelta(seconds=rnd.uniform(0, 365 * 86400))
        fate = rnd.random()
        last_index = len(WORK_STAGES) if fate < 0.85 else rnd.randrange(0, len(WORK_STAGES))
        master = 1 + order_id % 4
        stage, at = self._walk(order_id, created, master, last_index, fate)
        closed, reason = None, None
        if at < self.now and fate < 0.85:
            closed, stage = at, Stage.DONE.value
        elif at < self.now and fate < 0.95:
            closed, stage, reason = at, Stage.CANCELLED.value, rnd.choice(REASONS)
        if closed is not None:
            self.moves.append((order_id, self.moves[-1][2], stage, master, reason, closed))
        last_move = at if closed is None else closed
        self.orders.append(
            (
                order_id,
                stage,
                1 + order_id % 1000,
                1 + order_id % 1000,
                master,
                "",
                created,
                last_move,
                closed,
                reason,
                1,
                False,
            )
        )
        self._parts(order_id, created, closed)
        for pos in range(2):
            self.works.append((order_id, pos, f"Работа {pos}", Decimal(rnd.randrange(500, 9000))))

    def _walk(
        self, order_id: int, created: datetime, master: int, last_index: int, fate: float
    ) -> tuple[str, datetime]:
        """The order's moves and stage tasks up to its last stage: that stage and the time."""
        rnd, at, stage = self.rnd, created, Stage.NEW.value
        self.moves.append((order_id, None, stage, 1 + order_id % 4, None, at))
        for i, work_stage in enumerate(WORK_STAGES[: last_index + 1]):
            self.moves.append((order_id, stage, work_stage.value, master, None, at))
            stay = timedelta(hours=rnd.expovariate(1 / (8 if i != 4 else 60)))
            left = at + stay
            done = left < self.now and (i < last_index or fate < 0.85)
            owner, assignee = STAGE_OWNER[work_stage].value, 5 + (order_id + i) % 12
            self.tasks.append(
                (
                    order_id,
                    work_stage.value,
                    owner,
                    assignee,
                    "done" if done else "open",
                    stay > timedelta(hours=24),
                    at,
                    at + timedelta(hours=24),
                    left if done else None,
                )
            )
            stage, at = work_stage.value, left
        return stage, at

    def _parts(self, order_id: int, created: datetime, closed: datetime | None) -> None:
        rnd = self.rnd
        for pos in range(3):
            buy = Decimal(rnd.randrange(300, 20000))
            expected = (created + timedelta(days=rnd.randrange(1, 14))).date()
            status = (
                "unavailable"
                if rnd.random() < 0.05
                else ("ordered" if closed is None else "received")
            )
            sale = (buy * Decimal("1.3")).quantize(Decimal(1))
            self.parts.append(
                (
                    order_id,
                    pos,
                    f"Деталь {pos}",
                    Decimal(1 + pos % 2),
                    status,
                    buy,
                    sale,
                    rnd.choice(VENDORS),
                    expected,
                    Decimal(0),
                )
            )


# The columns each table's COPY fills, in the order History builds its rows.
COLUMNS = {
    "orders": [
        "id",
        "stage",
        "client_id",
        "car_id",
        "master_id",
        "complaint",
        "created_at",
        "stage_entered_at",
        "closed_at",
        "cancel_reason",
        "version",
        "labour_approved",
    ],
    "stage_transitions": ["order_id", "from_stage", "to_stage", "actor_id", "reason", "at"],
    "order_parts": [
        "order_id",
        "position",
        "name",
        "quantity",
        "status",
        "purchase_price",
        "sale_price",
        "vendor",
        "expected_date",
        "received_quantity",
    ],
    "order_works": ["order_id", "position", "name", "cost"],
    "stage_tasks": [
        "order_id",
        "stage",
        "role",
        "assignee_id",
        "status",
        "overdue",
        "created_at",
        "deadline",
        "closed_at",
    ],
}


async def load(engine: AsyncEngine, history: History) -> None:
    rows = {
        "orders": history.orders,
        "stage_transitions": history.moves,
        "order_parts": history.parts,
        "order_works": history.works,
        "stage_tasks": history.tasks,
    }
    async with engine.connect() as conn:
        raw = (await conn.get_raw_connection()).driver_connection
        await raw.execute(
            "INSERT INTO employees (id, telegram_id, full_name, is_active, created_at) "
            "SELECT g, 10000 + g, 'Сотрудник ' || g, true, now() FROM generate_series(1, 16) g"
        )
        await raw.execute(
            "INSERT INTO clients (id, full_name, created_at) "
            "SELECT g, 'Клиент ' || g, now() FROM generate_series(1, 1000) g"
        )
        await raw.execute(
            "INSERT INTO cars (id, plate, created_at) "
            "SELECT g, 'А' || g || 'ВС77', now() FROM generate_series(1, 1000) g"
        )
        for table, records in rows.items():
            await raw.copy_records_to_table(table, records=records, columns=COLUMNS[table])
        await raw.execute("ANALYZE")
        await conn.commit()


async def timed(fn: Callable[[], Coroutine[Any, Any, Any]], runs: int = 3) -> float:
    """The best of a few runs, in ms: what the director waits for on a warm process."""
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        await fn()
        best = min(best, (time.perf_counter() - started) * 1000)
    return best


async def run(orders: int) -> str:
    name = f"stobot_bench_report_{uuid.uuid4().hex[:8]}"
    await _admin(f"CREATE DATABASE {name}")
    engine = create_engine(ADMIN_URL.rsplit("/", 1)[0] + f"/{name}")
    try:
        await upgrade(engine)
        now = datetime.now(UTC)
        started = time.perf_counter()
        history = History(orders, now)
        await load(engine, history)
        print(
            f"loaded {len(history.orders)} orders, {len(history.moves)} moves, "
            f"{len(history.parts)} parts, {len(history.tasks)} tasks "
            f"in {time.perf_counter() - started:.1f} s"
        )
        return await _measure(create_session_factory(engine), now)
    finally:
        await engine.dispose()
        await _admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _periods(now: datetime) -> tuple[Any, Any]:
    """The last 30 days and the last year, in the shop's time zone."""
    month = current_period(PeriodKind.MONTH, now, TZ)
    month = make_period(PeriodKind.CUSTOM, month.last_day - timedelta(days=30), month.last_day, TZ)
    year = make_period(
        PeriodKind.CUSTOM,
        (now - timedelta(days=365)).astimezone(TZ).date(),
        now.astimezone(TZ).date(),
        TZ,
    )
    return month, year


async def _measure(factory: Any, now: datetime) -> str:
    texts = chart_texts(L10N)
    month, year = _periods(now)

    async def report(period: Any) -> None:
        async with factory() as session:
            render_charts(await build_report(session, period, now), texts)

    async def xlsx() -> None:
        async with factory() as session:
            result = await build_report(session, year, now)
        build_workbook(
            result,
            file_text(L10N),
            lambda s: L10N.raw(f"stage-{s}"),
            lambda n, r: person(L10N, n, r),
        )

    await report(month)  # warm-up: matplotlib's fonts, SQLAlchemy's statement cache
    baseline = await timed(lambda: _naive_month(factory, month))
    month_ms = await timed(lambda: report(month))
    year_ms = await timed(lambda: report(year))
    xlsx_ms = await timed(xlsx)
    print(
        f"baseline: naive Python margin for the month alone {baseline:.0f} ms "
        f"(the whole SQL month report with charts {month_ms:.0f} ms)"
    )
    print(f"year report with charts: {year_ms:.0f} ms (target < 2000 ms)")
    return f"report_month_ms={month_ms:.0f} report_year_ms={year_ms:.0f} xlsx_year_ms={xlsx_ms:.0f}"


async def _naive_month(factory: Any, month: Any) -> None:
    """The month's parts margin the naive way: every closed order loaded, summed in Python."""
    async with factory() as session:
        found = await session.scalars(
            select(Order).where(
                Order.stage == "DONE",
                Order.closed_at >= month.start,
                Order.closed_at < month.end,
            )
        )
        sum((compute_totals(o.parts, o.works).parts_margin for o in found), Decimal(0))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--orders", type=int, default=50_000)
    args = parser.parse_args()
    print(asyncio.run(run(args.orders)))


if __name__ == "__main__":
    main()
