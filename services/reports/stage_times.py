"""Average and 90th-percentile time spent in each stage, from the stage history, in SQL.

A stay is a transition into a stage and the next transition of the same order (LEAD over the
order's history); a stay counts in the period when it *ended* in it. PostgreSQL has
`percentile_cont`; SQLite gets the same linear interpolation from ROW_NUMBER and COUNT windows,
so both databases give the same figures.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Integer, Select, case, cast, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.selectable import Subquery

from services.orders.stages import CLOSED_STAGES, PIPELINE
from services.reports.model import StageTime
from services.reports.period import Period
from services.reports.sql import POSTGRESQL, seconds_between
from services.storage.models import StageTransition, UTCDateTime

PERCENTILE = 0.9
SEMI_JOIN_MAX_SPAN = timedelta(days=92)


def _stays(dialect: str, period: Period) -> Subquery:
    t = StageTransition
    left_at = func.lead(t.at, type_=UTCDateTime()).over(
        partition_by=t.order_id, order_by=(t.at, t.id)
    )
    history_rows = select(
        t.to_stage.label("stage"), t.at.label("entered_at"), left_at.label("left_at")
    ).where(t.at < period.end)
    if period.end - period.start <= SEMI_JOIN_MAX_SPAN:
        # Only orders that moved in the period can have a stay that ended in it; over a long
        # period that is nearly every order and the check costs more than it saves.
        moved = select(t.order_id).where(t.at >= period.start, t.at < period.end)
        history_rows = history_rows.where(t.order_id.in_(moved))
    history = history_rows.subquery("history")
    closed = [s.value for s in CLOSED_STAGES]
    return (
        select(
            history.c.stage,
            seconds_between(dialect, history.c.entered_at, history.c.left_at).label("dur"),
        )
        .where(
            history.c.left_at >= period.start,
            history.c.left_at < period.end,
            history.c.stage.not_in(closed),
        )
        .subquery("stays")
    )


def _postgres(stays: Subquery) -> Select[tuple[str, int, float, float]]:
    return select(
        stays.c.stage,
        func.count(),
        func.avg(stays.c.dur),
        func.percentile_cont(PERCENTILE).within_group(stays.c.dur),
    ).group_by(stays.c.stage)


def _window_fallback(stays: Subquery) -> Select[tuple[str, int, float, float]]:
    ranked = select(
        stays.c.stage,
        stays.c.dur,
        func.row_number().over(partition_by=stays.c.stage, order_by=stays.c.dur).label("rn"),
        func.count().over(partition_by=stays.c.stage).label("n"),
        func.avg(stays.c.dur).over(partition_by=stays.c.stage).label("mean"),
    ).subquery("ranked")
    # percentile_cont: the value at 1-based position 1 + p·(n−1), interpolated between the
    # neighbours; CAST truncates, which is floor for these positive positions.
    position = 1 + PERCENTILE * (ranked.c.n - 1)
    lower = cast(position, Integer)
    fraction = position - lower
    weight = case(
        (ranked.c.rn == lower, 1 - fraction),
        (ranked.c.rn == lower + 1, fraction),
        else_=0,
    )
    return select(
        ranked.c.stage,
        func.max(ranked.c.n),
        func.max(ranked.c.mean),
        func.sum(ranked.c.dur * weight),
    ).group_by(ranked.c.stage)


async def stage_times(session: AsyncSession, period: Period) -> list[StageTime]:
    dialect = session.bind.dialect.name
    stays = _stays(dialect, period)
    query = _postgres(stays) if dialect == POSTGRESQL else _window_fallback(stays)
    rows = {stage: (n, avg, p90) for stage, n, avg, p90 in (await session.execute(query)).all()}
    # SQLite measures through julianday floats; a tenth of a second is all either base means.
    return [
        StageTime(
            stage.value,
            int(rows[stage][0]),
            round(float(rows[stage][1]), 1),
            round(float(rows[stage][2]), 1),
        )
        for stage in PIPELINE
        if stage.value in rows
    ]
