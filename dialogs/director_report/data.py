"""The report dialog's data: one typed object in `dialog_data`, the period shown."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from aiogram_dialog import DialogManager
from pydantic import BaseModel

from services.reports.period import Period, PeriodKind, make_period

KEY = "report"
# The picker's buttons: the period and its label.
PICKS = (
    (PeriodKind.TODAY, "report-btn-today"),
    (PeriodKind.WEEK, "report-btn-week"),
    (PeriodKind.MONTH, "report-btn-month"),
)


class ReportView(BaseModel):
    kind: PeriodKind = PeriodKind.TODAY
    first: date | None = None  # local days, both inclusive; none before a period is shown
    last: date | None = None
    note: str | None = None  # why the typed dates were not taken, above the question

    def period(self, tz: ZoneInfo) -> Period:
        assert self.first is not None and self.last is not None
        return make_period(self.kind, self.first, self.last, tz)

    def showing(self, period: Period) -> None:
        self.kind, self.first, self.last, self.note = (
            period.kind,
            period.first_day,
            period.last_day,
            None,
        )


def load(manager: DialogManager) -> ReportView:
    return ReportView.model_validate(manager.dialog_data.get(KEY) or {})


def store(manager: DialogManager, view: ReportView) -> None:
    manager.dialog_data[KEY] = view.model_dump(mode="json")
