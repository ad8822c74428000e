"""Localisation keys of the report's files, spelled out so every key is findable in code."""

from __future__ import annotations

from collections.abc import Callable

from bot.i18n import L10n

# workbook / CSV key (services.reports) → localisation key
FILE_KEYS: dict[str, str] = {
    "sheet-summary": "report-sheet-summary",
    "sheet-stages": "report-sheet-stages",
    "sheet-stage-time": "report-sheet-stage-time",
    "sheet-overdue": "report-sheet-overdue",
    "sheet-weeks": "report-sheet-weeks",
    "sheet-vendors": "report-sheet-vendors",
    "sheet-cancelled": "report-sheet-cancelled",
    "col-figure": "report-col-figure",
    "col-value": "report-col-value",
    "col-stage": "report-col-stage",
    "col-orders-now": "report-col-orders-now",
    "col-funnel": "report-col-funnel",
    "col-stays": "report-col-stays",
    "col-avg-hours": "report-col-avg-hours",
    "col-p90-hours": "report-col-p90-hours",
    "col-person": "report-col-person",
    "col-overdue-now": "report-col-overdue-now",
    "col-closed-late": "report-col-closed-late",
    "col-week": "report-col-week",
    "col-parts-sale": "report-col-parts-sale",
    "col-parts-cost": "report-col-parts-cost",
    "col-parts-margin": "report-col-parts-margin",
    "col-labour": "report-col-labour",
    "col-revenue": "report-col-revenue",
    "col-vendor": "report-col-vendor",
    "col-late-parts": "report-col-late-parts",
    "col-avg-days": "report-col-avg-days",
    "col-max-days": "report-col-max-days",
    "col-reason": "report-col-reason",
    "col-orders": "report-col-orders",
    "col-order": "report-col-order",
    "col-created": "report-col-created",
    "col-closed": "report-col-closed",
    "col-master": "report-col-master",
    "col-cancel-reason": "report-col-cancel-reason",
    "row-from": "report-row-from",
    "row-to": "report-row-to",
    "row-opened": "report-row-opened",
    "row-closed": "report-row-closed",
    "row-cancelled": "report-row-cancelled",
    "row-parts-sale": "report-row-parts-sale",
    "row-parts-cost": "report-row-parts-cost",
    "row-parts-margin": "report-row-parts-margin",
    "row-labour": "report-row-labour",
    "row-revenue": "report-row-revenue",
}


def file_text(l10n: L10n) -> Callable[[str], str]:
    return lambda key: l10n.raw(FILE_KEYS[key])
