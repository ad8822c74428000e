"""The report's taps and typed dates: a period picked or typed shows its charts and summary;
the exports send the period shown as a file."""

from __future__ import annotations

import asyncio
from contextlib import suppress
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, InputMediaPhoto, Message
from aiogram_dialog import DialogManager, ShowMode
from aiogram_dialog.widgets.input import ManagedTextInput
from aiogram_dialog.widgets.kbd import Button, Select

from bot.i18n import L10n
from bot.render.orders import stage_label
from dialogs.director_report.data import PICKS, ReportView, load, store
from dialogs.director_report.files import file_text
from dialogs.director_report.render import chart_texts, person
from dialogs.director_report.states import ReportSG
from dialogs.kit.feedback import warning
from dialogs.kit.over import open_alone
from services.errors import DomainError
from services.reports.build import build_report
from services.reports.charts import render_charts
from services.reports.model import Report
from services.reports.orders_csv import orders_csv
from services.reports.period import Period, PeriodKind, current_period, parse_custom
from services.reports.workbook import build_workbook

BUILT = "report_built"  # middleware_data: the report this update built, for the getter


async def start(message: Message, state: FSMContext, dialog_manager: DialogManager) -> None:
    """«📊 Отчёт» and /report."""
    await open_alone(dialog_manager, state, ReportSG.pick)


async def ask_dates(query: CallbackQuery, button: Button, manager: DialogManager) -> None:
    """«📅 Свои даты…»: asked afresh, without the last refusal of typed dates."""
    view = load(manager)
    view.note = None
    store(manager, view)


async def period_picked(
    query: CallbackQuery, widget: Select[str], manager: DialogManager, kind: str
) -> None:
    if kind not in {picked for picked, _ in PICKS}:
        return  # a forged button: the picker is drawn again
    deps = manager.middleware_data
    period = current_period(PeriodKind(kind), deps["clock"](), deps["settings"].shop.tz)
    if isinstance(query.message, Message):
        # The picker is done: the report comes below the charts, with buttons of its own.
        with suppress(TelegramBadRequest):
            await query.message.edit_reply_markup(reply_markup=None)
    await _show(manager, period)


async def dates_typed(
    message: Message, widget: ManagedTextInput[str], manager: DialogManager, text: str
) -> None:
    deps = manager.middleware_data
    try:
        period = parse_custom(text, deps["clock"](), deps["settings"].shop.tz)
    except DomainError as error:
        view = load(manager)
        view.note = warning(deps["l10n"](error.key))
        store(manager, view)
        return
    await _show(manager, period)


async def _show(manager: DialogManager, period: Period) -> None:
    """The four charts, then the summary below them in a new message."""
    deps = manager.middleware_data
    report = await build_report(deps["session"], period, deps["clock"]())
    # Drawing takes a few hundred milliseconds; keep the event loop free meanwhile.
    pictures = await asyncio.to_thread(render_charts, report, chart_texts(deps["l10n"]))
    album = [
        InputMediaPhoto(media=BufferedInputFile(png, filename=f"chart-{n}.png"))
        for n, png in enumerate(pictures, 1)
    ]
    bot: Bot = deps["bot"]
    await bot.send_media_group(chat_id=deps["event_chat"].id, media=album)
    view = load(manager)
    view.showing(period)
    store(manager, view)
    deps[BUILT] = report
    await manager.switch_to(ReportSG.report, show_mode=ShowMode.SEND)


async def export_xlsx(query: CallbackQuery, button: Button, manager: DialogManager) -> None:
    deps, period = _shown(manager)
    l10n: L10n = deps["l10n"]
    report = await build_report(deps["session"], period, deps["clock"]())
    data = await asyncio.to_thread(
        build_workbook,
        report,
        file_text(l10n),
        lambda s: stage_label(l10n, s),
        lambda n, r: person(l10n, n, r),
    )
    name = f"report-{_file_name(period)}.xlsx"
    await _send_file(query, manager, BufferedInputFile(data, filename=name))


async def export_csv(query: CallbackQuery, button: Button, manager: DialogManager) -> None:
    deps, period = _shown(manager)
    l10n: L10n = deps["l10n"]
    data = await orders_csv(
        deps["session"], period, file_text(l10n), lambda s: stage_label(l10n, s)
    )
    name = f"orders-{_file_name(period)}.csv"
    await _send_file(query, manager, BufferedInputFile(data, filename=name))


def _shown(manager: DialogManager) -> tuple[dict[str, Any], Period]:
    deps = manager.middleware_data
    return deps, load(manager).period(deps["settings"].shop.tz)


def _file_name(period: Period) -> str:
    return f"{period.first_day:%Y%m%d}-{period.last_day:%Y%m%d}"


async def _send_file(
    query: CallbackQuery, manager: DialogManager, document: BufferedInputFile
) -> None:
    """The file below the report; the report stays as it is."""
    manager.show_mode = ShowMode.NO_UPDATE
    await query.answer(manager.middleware_data["l10n"].raw("report-file-sent"))
    if isinstance(query.message, Message):
        await query.message.answer_document(document)


def built(manager: DialogManager, view: ReportView) -> Report | None:
    """The report `_show` built in this update for the period `view` shows, if any."""
    report: Report | None = manager.middleware_data.get(BUILT)
    if report is None or (report.period.first_day, report.period.last_day) != (
        view.first,
        view.last,
    ):
        return None
    return report
