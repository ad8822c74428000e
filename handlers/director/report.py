"""/report and «📊 Отчёт»: a period picker, then the summary, four charts and the exports."""

from __future__ import annotations

import asyncio
from datetime import date

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaPhoto,
    Message,
)
from sqlalchemy.ext.asyncio import AsyncSession

from bot.filters import MenuButton
from bot.i18n import L10n
from bot.render.orders import stage_label
from bot.settings import Settings
from handlers.director.callbacks import ReportAction, ReportCallback
from handlers.director.file_keys import file_text
from handlers.director.report_text import chart_texts, person, summary
from handlers.director.states import DirectorSG
from services.clock import Clock
from services.errors import DomainError
from services.reports.build import build_report
from services.reports.charts import render_charts
from services.reports.orders_csv import orders_csv
from services.reports.period import (
    Period,
    PeriodKind,
    current_period,
    make_period,
    parse_custom,
)
from services.reports.workbook import build_workbook

_PICKS = (
    (PeriodKind.TODAY, "report-btn-today"),
    (PeriodKind.WEEK, "report-btn-week"),
    (PeriodKind.MONTH, "report-btn-month"),
)


def _button(text: str, data: ReportCallback) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data.pack())


def _period_data(action: ReportAction, period: Period) -> ReportCallback:
    return ReportCallback(
        action=action,
        kind=period.kind,
        first=f"{period.first_day:%Y%m%d}",
        last=f"{period.last_day:%Y%m%d}",
    )


def _period_of(data: ReportCallback, settings: Settings) -> Period:
    def day(text: str) -> date:
        return date(int(text[:4]), int(text[4:6]), int(text[6:8]))

    return make_period(
        data.kind or PeriodKind.CUSTOM, day(data.first), day(data.last), settings.shop.tz
    )


async def pick_period(message: Message, l10n: L10n, state: FSMContext) -> None:
    await state.clear()
    rows = [
        [_button(l10n.raw(key), ReportCallback(action=ReportAction.PERIOD, kind=kind))]
        for kind, key in _PICKS
    ]
    rows.append(
        [_button(l10n.raw("report-btn-custom"), ReportCallback(action=ReportAction.CUSTOM))]
    )
    await message.answer(
        l10n("report-pick-period"), reply_markup=InlineKeyboardMarkup(inline_keyboard=rows)
    )


async def ask_dates(query: CallbackQuery, l10n: L10n, state: FSMContext) -> None:
    await query.answer()
    if isinstance(query.message, Message):
        await state.set_state(DirectorSG.report_dates)
        await query.message.answer(l10n("report-ask-dates"))


async def chosen(
    query: CallbackQuery,
    callback_data: ReportCallback,
    session: AsyncSession,
    l10n: L10n,
    settings: Settings,
    clock: Clock,
) -> None:
    await query.answer()
    if not isinstance(query.message, Message):
        return
    if callback_data.first:
        period = _period_of(callback_data, settings)
    else:
        kind = callback_data.kind or PeriodKind.TODAY
        period = current_period(kind, clock(), settings.shop.tz)
    await send_report(query.message, session, l10n, period, clock)


async def typed_dates(
    message: Message,
    session: AsyncSession,
    l10n: L10n,
    settings: Settings,
    clock: Clock,
    state: FSMContext,
) -> None:
    try:
        period = parse_custom(message.text or "", clock(), settings.shop.tz)
    except DomainError as error:
        await message.answer(l10n(error.key))
        return
    await state.clear()
    await send_report(message, session, l10n, period, clock)


async def send_report(
    message: Message, session: AsyncSession, l10n: L10n, period: Period, clock: Clock
) -> None:
    report = await build_report(session, period, clock())
    # Drawing takes a few hundred milliseconds; keep the event loop free meanwhile.
    pictures = await asyncio.to_thread(render_charts, report, chart_texts(l10n))
    album = [
        InputMediaPhoto(media=BufferedInputFile(png, filename=f"chart-{n}.png"))
        for n, png in enumerate(pictures, 1)
    ]
    await message.answer_media_group(album)
    keyboard = InlineKeyboardMarkup(
        inline_keyboard=[
            [
                _button(l10n.raw("report-btn-xlsx"), _period_data(ReportAction.XLSX, period)),
                _button(l10n.raw("report-btn-csv"), _period_data(ReportAction.CSV, period)),
            ]
        ]
    )
    await message.answer(summary(l10n, report), reply_markup=keyboard)


def _file_name(period: Period) -> str:
    return f"{period.first_day:%Y%m%d}-{period.last_day:%Y%m%d}"


async def export_xlsx(
    query: CallbackQuery,
    callback_data: ReportCallback,
    session: AsyncSession,
    l10n: L10n,
    settings: Settings,
    clock: Clock,
) -> None:
    period = _period_of(callback_data, settings)
    report = await build_report(session, period, clock())
    data = await asyncio.to_thread(
        build_workbook,
        report,
        file_text(l10n),
        lambda s: stage_label(l10n, s),
        lambda n, r: person(l10n, n, r),
    )
    name = f"report-{_file_name(period)}.xlsx"
    await _send_file(query, l10n, BufferedInputFile(data, filename=name))


async def export_csv(
    query: CallbackQuery,
    callback_data: ReportCallback,
    session: AsyncSession,
    l10n: L10n,
    settings: Settings,
) -> None:
    period = _period_of(callback_data, settings)
    data = await orders_csv(session, period, file_text(l10n), lambda s: stage_label(l10n, s))
    name = f"orders-{_file_name(period)}.csv"
    await _send_file(query, l10n, BufferedInputFile(data, filename=name))


async def _send_file(query: CallbackQuery, l10n: L10n, document: BufferedInputFile) -> None:
    await query.answer(l10n.raw("report-file-sent"))
    if isinstance(query.message, Message):
        await query.message.answer_document(document)


def setup() -> Router:
    router = Router(name=__name__)
    router.message.register(pick_period, MenuButton("menu-report"))
    router.message.register(pick_period, Command("report"))
    router.message.register(typed_dates, StateFilter(DirectorSG.report_dates), F.text)
    on = ReportCallback.filter
    router.callback_query.register(chosen, on(F.action == ReportAction.PERIOD))
    router.callback_query.register(ask_dates, on(F.action == ReportAction.CUSTOM))
    router.callback_query.register(export_xlsx, on(F.action == ReportAction.XLSX))
    router.callback_query.register(export_csv, on(F.action == ReportAction.CSV))
    return router
