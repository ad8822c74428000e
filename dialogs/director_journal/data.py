"""The journal dialog's data: one typed object in `dialog_data`, the filter and the pages."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from aiogram_dialog import DialogManager
from pydantic import BaseModel

from services.audit.journal import JournalFilter
from services.reports.period import PeriodKind, make_period

KEY = "journal"
PEOPLE_PAGE = 20  # names a page of the person picker: a shop network's staff outgrows one


class JournalView(BaseModel):
    actor: int | None = None  # the employee whose events are shown
    order: int | None = None
    first: date | None = None  # local days, both inclusive
    last: date | None = None
    offset: int = 0  # the journal's page
    people_offset: int = 0  # the person picker's page
    note: str | None = None  # why the typed order or dates were not taken, above the question

    @property
    def filtered(self) -> bool:
        return bool(self.actor or self.order or self.first)

    def journal_filter(self, tz: ZoneInfo) -> JournalFilter:
        since = until = None
        if self.first and self.last:
            period = make_period(PeriodKind.CUSTOM, self.first, self.last, tz)
            since, until = period.start, period.end
        return JournalFilter(actor_id=self.actor, order_id=self.order, since=since, until=until)


def load(manager: DialogManager) -> JournalView:
    return JournalView.model_validate(manager.dialog_data[KEY])


def store(manager: DialogManager, view: JournalView) -> None:
    manager.dialog_data[KEY] = view.model_dump(mode="json")
