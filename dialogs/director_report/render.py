"""The report's short text summary and its chart labels, in the reader's language."""

from __future__ import annotations

from bot.i18n import L10n
from bot.render.orders import stage_label
from services.normalize.money import format_money
from services.reports.charts import ChartTexts
from services.reports.model import Report

MAX_LINES = 8  # per list; the workbook has them all


def duration(l10n: L10n, seconds: float) -> str:
    hours = seconds / 3600
    if hours < 48:
        return l10n.raw("report-hours", hours=f"{hours:.1f}".replace(".0", ""))
    return l10n.raw("report-days", days=f"{hours / 24:.1f}".replace(".0", ""))


def person(l10n: L10n, name: str | None, role: str | None) -> str:
    if name:
        return name
    return l10n.raw("report-pool", role=l10n.raw(f"role-{role}") if role else "?")


def summary(l10n: L10n, report: Report) -> str:
    lines = _orders(l10n, report) + _times(l10n, report) + [""] + _overdue(l10n, report)
    m = report.money
    lines += [
        "",
        l10n(
            "report-money",
            sale=format_money(m.parts_sale),
            cost=format_money(m.parts_cost),
            margin=format_money(m.parts_margin),
            labour=format_money(m.labour),
            revenue=format_money(m.revenue),
        ),
        "",
    ]
    return "\n".join(lines + _vendors(l10n, report))


def _orders(l10n: L10n, report: Report) -> list[str]:
    """The period, its orders and why some were cancelled, and where orders are now."""
    p = report.period
    lines = [
        l10n("report-title", first=f"{p.first_day:%d.%m.%Y}", last=f"{p.last_day:%d.%m.%Y}"),
        l10n(
            "report-orders",
            opened=report.opened,
            closed=report.closed,
            cancelled=report.cancelled,
        ),
    ]
    if report.cancel_reasons:
        reasons = "; ".join(f"{r or '—'} — {n}" for r, n in report.cancel_reasons[:MAX_LINES])
        lines.append(l10n("report-reasons", reasons=reasons))
    now = [f"{stage_label(l10n, s)} {n}" for s, n in report.by_stage_now.items() if n]
    lines.append(l10n("report-now", stages=", ".join(now)) if now else l10n("report-now-none"))
    return lines


def _times(l10n: L10n, report: Report) -> list[str]:
    if not report.stage_times:
        return []
    return ["", l10n("report-times-title")] + [
        l10n(
            "report-time-line",
            stage=stage_label(l10n, t.stage),
            avg=duration(l10n, t.avg_seconds),
            p90=duration(l10n, t.p90_seconds),
            stays=t.stays,
        )
        for t in report.stage_times
    ]


def _overdue(l10n: L10n, report: Report) -> list[str]:
    if not report.overdue:
        return [l10n("report-overdue-none")]
    return [l10n("report-overdue-title")] + [
        l10n(
            "report-overdue-line",
            who=person(l10n, r.name, r.role),
            now=r.overdue_now,
            late=r.closed_late,
        )
        for r in report.overdue[:MAX_LINES]
    ]


def _vendors(l10n: L10n, report: Report) -> list[str]:
    if not report.late_vendors:
        return [l10n("report-vendor-none")]
    return [l10n("report-vendors-title")] + [
        l10n(
            "report-vendor-line",
            vendor=v.vendor or l10n.raw("report-no-vendor"),
            parts=v.parts,
            avg=f"{v.avg_days_late:g}",
            max=v.max_days_late,
        )
        for v in report.late_vendors[:MAX_LINES]
    ]


def chart_texts(l10n: L10n) -> ChartTexts:
    return ChartTexts(
        funnel_title=l10n.raw("report-chart-funnel"),
        stage_time_title=l10n.raw("report-chart-stage-time"),
        average=l10n.raw("report-chart-average"),
        p90=l10n.raw("report-chart-p90"),
        hours=l10n.raw("report-chart-hours"),
        overdue_title=l10n.raw("report-chart-overdue"),
        overdue_now=l10n.raw("report-chart-overdue-now"),
        closed_late=l10n.raw("report-chart-closed-late"),
        revenue_title=l10n.raw("report-chart-revenue"),
        parts=l10n.raw("report-chart-parts"),
        labour=l10n.raw("report-chart-labour"),
        empty=l10n.raw("report-chart-empty"),
        stage=lambda s: stage_label(l10n, s),
        person=lambda name, role: person(l10n, name, role),
    )
