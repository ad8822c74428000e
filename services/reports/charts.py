"""The report's charts as PNG pictures sized for a phone (1200×900), drawn off-screen.

Matplotlib's object API with the Agg canvas: no pyplot global state, safe in a worker thread.
Labels come in already localised; this module knows no languages.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from services.reports.model import Report

if TYPE_CHECKING:
    from matplotlib.figure import Figure

WIDTH_PX, HEIGHT_PX, DPI = 1200, 900, 100
FONT = 20
BAR = "#2f6db5"
ACCENT = "#e07b39"


@dataclass(frozen=True)
class ChartTexts:
    funnel_title: str
    stage_time_title: str
    average: str
    p90: str
    hours: str
    overdue_title: str
    overdue_now: str
    closed_late: str
    revenue_title: str
    parts: str
    labour: str
    empty: str
    stage: Callable[[str], str]  # stage code → label
    person: Callable[[str | None, str | None], str]  # (name, pool role) → label


def _figure(left: float = 0.36) -> Figure:
    # Imported on the first report, not at start-up: matplotlib takes half a second to load.
    from matplotlib.figure import Figure

    # Fixed margins instead of a layout engine: "tight" costs a whole extra draw per chart.
    figure = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI)
    figure.subplots_adjust(left=left, right=0.96, top=0.9, bottom=0.12)
    return figure


def _png(figure: Figure) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    buffer = io.BytesIO()
    # Light compression: these pictures are sent once, and zlib's default level costs more
    # time than the bytes it saves are worth.
    FigureCanvasAgg(figure).print_png(buffer, pil_kwargs={"compress_level": 1})
    return buffer.getvalue()


def _style(ax, title: str) -> None:  # type: ignore[no-untyped-def]
    ax.set_title(title, fontsize=FONT + 6, pad=16)
    ax.tick_params(labelsize=FONT)
    ax.spines[["top", "right"]].set_visible(False)


def _empty(ax, text: str) -> None:  # type: ignore[no-untyped-def]
    ax.text(0.5, 0.5, text, ha="center", va="center", fontsize=FONT + 2, transform=ax.transAxes)
    ax.set_axis_off()


def funnel_chart(report: Report, t: ChartTexts) -> bytes:
    figure = _figure()
    ax = figure.add_subplot()
    _style(ax, t.funnel_title)
    stages = list(report.funnel)
    values = [report.funnel[s] for s in stages]
    if not any(values):
        _empty(ax, t.empty)
        return _png(figure)
    ax.barh([t.stage(s) for s in stages], values, color=BAR)
    ax.invert_yaxis()  # the pipeline reads top-down
    ax.bar_label(ax.containers[0], fontsize=FONT, padding=6)
    ax.set_xlim(0, max(values) * 1.15)
    return _png(figure)


def stage_time_chart(report: Report, t: ChartTexts) -> bytes:
    figure = _figure()
    ax = figure.add_subplot()
    _style(ax, t.stage_time_title)
    if not report.stage_times:
        _empty(ax, t.empty)
        return _png(figure)
    labels = [t.stage(s.stage) for s in report.stage_times]
    avg = [s.avg_seconds / 3600 for s in report.stage_times]
    p90 = [s.p90_seconds / 3600 for s in report.stage_times]
    rows = range(len(labels))
    ax.barh([r - 0.2 for r in rows], avg, height=0.4, color=BAR, label=t.average)
    ax.barh([r + 0.2 for r in rows], p90, height=0.4, color=ACCENT, label=t.p90)
    ax.set_yticks(list(rows), labels)
    ax.invert_yaxis()
    ax.set_xlabel(t.hours, fontsize=FONT)
    ax.legend(fontsize=FONT, loc="lower right")
    return _png(figure)


def overdue_chart(report: Report, t: ChartTexts) -> bytes:
    figure = _figure()
    ax = figure.add_subplot()
    _style(ax, t.overdue_title)
    rows = report.overdue[:10]
    if not rows:
        _empty(ax, t.empty)
        return _png(figure)
    labels = [t.person(r.name, r.role) for r in rows]
    ax.barh(labels, [r.overdue_now for r in rows], color=ACCENT, label=t.overdue_now)
    ax.barh(
        labels,
        [r.closed_late for r in rows],
        left=[r.overdue_now for r in rows],
        color=BAR,
        label=t.closed_late,
    )
    ax.invert_yaxis()
    ax.legend(fontsize=FONT, loc="lower right")
    return _png(figure)


def revenue_chart(report: Report, t: ChartTexts) -> bytes:
    figure = _figure(left=0.1)
    figure.subplots_adjust(bottom=0.16)
    ax = figure.add_subplot()
    _style(ax, t.revenue_title)
    weeks = report.weeks[-12:]  # a year would not fit a phone; the workbook has them all
    if not weeks:
        _empty(ax, t.empty)
        return _png(figure)
    labels = [w.week_start.strftime("%d.%m") for w in weeks]
    parts = [float(w.parts_sale) / 1000 for w in weeks]
    labour = [float(w.labour) / 1000 for w in weeks]
    ax.bar(labels, parts, color=BAR, label=t.parts)
    ax.bar(labels, labour, bottom=parts, color=ACCENT, label=t.labour)
    ax.tick_params(axis="x", labelrotation=45)
    ax.set_ylim(0, max(p + lab for p, lab in zip(parts, labour, strict=True)) * 1.3 or 1)
    ax.legend(fontsize=FONT, loc="upper left", ncols=2)
    return _png(figure)


def render_charts(report: Report, texts: ChartTexts) -> list[bytes]:
    """Funnel, time per stage, overdue by person, revenue by week, in that order."""
    return [
        funnel_chart(report, texts),
        stage_time_chart(report, texts),
        overdue_chart(report, texts),
        revenue_chart(report, texts),
    ]
