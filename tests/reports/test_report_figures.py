"""Every figure of the report against the hand-computed data set, on SQLite and PostgreSQL
(the same expected numbers on both, so percentile_cont and the window fallback agree)."""

from __future__ import annotations

from datetime import date

import pytest

from services.reports.build import build_report
from services.reports.period import PeriodKind, make_period
from tests.reports.dataset import EXPECTED, NOW, PERIOD, TZ, load


@pytest.fixture
async def report(session):
    await load(session)
    return await build_report(session, PERIOD, NOW)


async def test_order_counts(report):
    assert report.opened == EXPECTED["opened"]
    assert report.closed == EXPECTED["closed"]
    assert report.cancelled == EXPECTED["cancelled"]
    assert report.cancel_reasons == EXPECTED["cancel_reasons"]
    assert report.by_stage_now == EXPECTED["by_stage_now"]
    assert report.funnel == EXPECTED["funnel"]


async def test_time_in_stages(report):
    got = {
        t.stage: (t.stays, round(t.avg_seconds, 1), round(t.p90_seconds, 1))
        for t in report.stage_times
    }
    assert got == EXPECTED["stage_times"]


async def test_overdue_by_person(report):
    got = [(r.name, r.role, r.overdue_now, r.closed_late) for r in report.overdue]
    assert got == EXPECTED["overdue"]


async def test_money_and_weeks(report):
    assert report.money.parts_sale == EXPECTED["parts_sale"]
    assert report.money.parts_cost == EXPECTED["parts_cost"]
    assert report.money.parts_margin == EXPECTED["parts_margin"]
    assert report.money.labour == EXPECTED["labour"]
    got = [(w.week_start, w.parts_sale, w.parts_cost, w.labour) for w in report.weeks]
    assert got == EXPECTED["weeks"]


async def test_late_vendors(report):
    got = [(v.vendor, v.parts, v.avg_days_late, v.max_days_late) for v in report.late_vendors]
    assert got == EXPECTED["late_vendors"]


async def test_long_period_takes_the_other_query_path(session):
    """Over more than a quarter the stays are found without the semi-join; October's two
    PARTS_PRICING stays (O4: 1 day, O8: 9 days) join November's."""
    await load(session)
    period = make_period(PeriodKind.CUSTOM, date(2026, 8, 1), date(2026, 11, 30), TZ)
    report = await build_report(session, period, NOW)
    got = {t.stage: (t.stays, t.avg_seconds, t.p90_seconds) for t in report.stage_times}
    # 3600 3600 3600 7200 7200 14400 86400 777600: mean 112950, p90 at 7.3 → 293760
    assert got["PARTS_PRICING"] == (8, 112950.0, 293760.0)
    november = {k: v for k, v in EXPECTED["stage_times"].items() if k != "PARTS_PRICING"}
    assert {k: v for k, v in got.items() if k != "PARTS_PRICING"} == november
