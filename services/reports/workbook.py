"""The report as an XLSX workbook: one sheet per table, real numbers with number and date
formats (so the director can sum and filter in Excel). Headings come in localised."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from services.reports.model import Report

MONEY_FORMAT = "#,##0.00"
HOURS_FORMAT = "0.0"
DATE_FORMAT = "DD.MM.YYYY"
INT_FORMAT = "0"

# sheet id → heading keys; the caller's `text` turns keys into words
SHEETS: dict[str, tuple[str, ...]] = {
    "summary": ("figure", "value"),
    "stages": ("stage", "orders-now", "funnel"),
    "stage-time": ("stage", "stays", "avg-hours", "p90-hours"),
    "overdue": ("person", "overdue-now", "closed-late"),
    "weeks": ("week", "parts-sale", "parts-cost", "parts-margin", "labour", "revenue"),
    "vendors": ("vendor", "late-parts", "avg-days", "max-days"),
    "cancelled": ("reason", "orders"),
}


def _sheet(
    book: Workbook,
    title: str,
    headings: Sequence[str],
    rows: Sequence[Sequence[Any]],
    formats: Sequence[str | None],
) -> None:
    sheet = book.create_sheet(title[:31])
    sheet.append(list(headings))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
    for col, fmt in enumerate(formats, 1):
        letter = get_column_letter(col)
        sheet.column_dimensions[letter].width = 14 if col > 1 else 32
        if fmt:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=col, max_col=col):
                cell.number_format = fmt
    sheet.freeze_panes = "A2"


def build_workbook(
    report: Report,
    text: Callable[[str], str],
    stage: Callable[[str], str],
    person: Callable[[str | None, str | None], str],
) -> bytes:
    """`text(key)` names sheets ("sheet-<id>"), headings ("col-<key>") and summary rows."""
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    sheets = [("summary", _summary(report, text), [None, None]), *_tables(report, stage, person)]
    for sheet_id, rows, formats in sheets:
        headings = [text(f"col-{key}") for key in SHEETS[sheet_id]]
        _sheet(book, text(f"sheet-{sheet_id}"), headings, rows, formats)
    for row in book.worksheets[0].iter_rows(min_row=2, min_col=2, max_col=2):
        cell = row[0]
        cell.number_format = (
            DATE_FORMAT if cell.row <= 3 else (INT_FORMAT if cell.row <= 6 else MONEY_FORMAT)
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _summary(report: Report, text: Callable[[str], str]) -> list[tuple[str, Any]]:
    m = report.money
    return [
        (text("row-from"), report.period.first_day),
        (text("row-to"), report.period.last_day),
        (text("row-opened"), report.opened),
        (text("row-closed"), report.closed),
        (text("row-cancelled"), report.cancelled),
        (text("row-parts-sale"), m.parts_sale),
        (text("row-parts-cost"), m.parts_cost),
        (text("row-parts-margin"), m.parts_margin),
        (text("row-labour"), m.labour),
        (text("row-revenue"), m.revenue),
    ]


_Table = tuple[str, Sequence[Sequence[Any]], Sequence[str | None]]


def _tables(
    report: Report,
    stage: Callable[[str], str],
    person: Callable[[str | None, str | None], str],
) -> list[_Table]:
    """The sheets after the summary: id, rows and each column's number format."""
    weeks = [
        (w.week_start, w.parts_sale, w.parts_cost, w.parts_sale - w.parts_cost, w.labour, w.total)
        for w in report.weeks
    ]
    return [
        (
            "stages",
            [(stage(s), report.by_stage_now.get(s), n) for s, n in report.funnel.items()],
            [None, INT_FORMAT, INT_FORMAT],
        ),
        (
            "stage-time",
            [
                (stage(t.stage), t.stays, t.avg_seconds / 3600, t.p90_seconds / 3600)
                for t in report.stage_times
            ],
            [None, INT_FORMAT, HOURS_FORMAT, HOURS_FORMAT],
        ),
        (
            "overdue",
            [(person(r.name, r.role), r.overdue_now, r.closed_late) for r in report.overdue],
            [None, INT_FORMAT, INT_FORMAT],
        ),
        ("weeks", weeks, [DATE_FORMAT, *[MONEY_FORMAT] * 5]),
        (
            "vendors",
            [(v.vendor, v.parts, v.avg_days_late, v.max_days_late) for v in report.late_vendors],
            [None, INT_FORMAT, HOURS_FORMAT, INT_FORMAT],
        ),
        ("cancelled", report.cancel_reasons, [None, INT_FORMAT]),
    ]
