"""The report dialog: the period picker, typed dates, the summary with its exports.

Widget ids start with "w" (see dialogs/kit/__init__.py)."""

from __future__ import annotations

from aiogram_dialog import Dialog, Window
from aiogram_dialog.widgets.input import TextInput
from aiogram_dialog.widgets.kbd import Button, Column, Row, SwitchTo
from aiogram_dialog.widgets.text import Format

from dialogs.director_report import getters, handlers
from dialogs.director_report.states import ReportSG
from dialogs.kit.choices import choices
from dialogs.kit.stray import Stray
from dialogs.kit.text import Fluent


def build() -> Dialog:
    periods = choices("wp", "picks", handlers.period_picked)
    custom = Fluent("report-btn-custom", raw=True)
    pick = Window(
        Fluent("report-pick-period"),
        Column(periods),
        SwitchTo(custom, id="wc", state=ReportSG.dates, on_click=handlers.ask_dates),
        Stray(),
        getter=getters.pick,
        state=ReportSG.pick,
    )
    back = Fluent("dialog-btn-back", raw=True)
    dates = Window(
        Format("{text}"),
        SwitchTo(back, id="wb", state=ReportSG.pick),
        TextInput(id="wd", on_success=handlers.dates_typed),
        Stray(),
        getter=getters.dates,
        state=ReportSG.dates,
    )
    report = Window(
        Format("{text}"),
        Row(
            Button(Fluent("report-btn-xlsx", raw=True), id="wx", on_click=handlers.export_xlsx),
            Button(Fluent("report-btn-csv", raw=True), id="wv", on_click=handlers.export_csv),
        ),
        Stray(),
        getter=getters.report,
        state=ReportSG.report,
    )
    return Dialog(pick, dates, report)
