"""One report for a period: every figure from its own aggregate query, in one read transaction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.reports import queries
from services.reports.model import Report
from services.reports.period import Period
from services.reports.stage_times import stage_times
from services.storage import unit_of_work

# A year of stage history is a few hundred thousand rows to sort for the windows; PostgreSQL's
# default 4 MB of sort memory spills that to disk. Only this read transaction gets more.
REPORT_WORK_MEM = "64MB"


async def build_report(session: AsyncSession, period: Period, now: datetime) -> Report:
    if session.bind.dialect.name == "postgresql":
        await session.execute(text(f"SET LOCAL work_mem = '{REPORT_WORK_MEM}'"))
    opened = await queries.opened(session, period)
    weeks = await queries.weekly_revenue(session, period)
    reasons = await queries.cancel_reasons(session, period)
    report = Report(
        period=period,
        generated_at=now,
        opened=opened,
        closed=await queries.closed(session, period),
        cancelled=sum(n for _, n in reasons),
        cancel_reasons=reasons,
        by_stage_now=await queries.by_stage_now(session),
        funnel=await queries.funnel(session, period, opened),
        stage_times=await stage_times(session, period),
        overdue=await queries.overdue(session, period, now),
        money=queries.money_totals(weeks),
        weeks=weeks,
        late_vendors=await queries.late_vendors(session, now.astimezone(period.tz).date()),
    )
    await unit_of_work.commit(session)  # end the read transaction; nothing was written
    return report
