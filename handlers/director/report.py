"""/report and «📊 Отчёт»: a period picker, then the summary, four charts and the exports."""

from __future__ import annotations

import asyncio
from datetime import date

from aiogram import F, Router
from aiogram.filters import Command
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

from bot.filters import HasRole, MenuButton
from bot.i18n import L10n
from bot.render.orders import stage_label
from bot.settings import Settings
from handlers.director.callbacks import ReportCallback
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
from services.roles import Role

_PICKS = (
    (PeriodKind.TODAY, "report-btn-today"),
    (PeriodKind.WEEK, "report-btn-week"),
    (PeriodKind.MONTH, "report-btn-month"),
)


def _button(text: str, data: ReportCallback) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data.pack())


def _period_data(action: str, period: Period) -> ReportCallback:
    return ReportCallback(
        action=action,
        kind=period.kind.value,
        first=f"{period.first_day:%Y%m%d}",
        last=f"{period.last_day:%Y%m%d}",
    )


def _period_of(data: ReportCallback, settings: Settings) -> Period:
    def day(text: str) -> date:
        return date(int(text[:4]), int(text[4:6]), int(text[6:8]))

    return make_period(PeriodKind(data.kind), day(data.first), day(data.last), settings.shop.tz)


async def pick_period(message: Message, l10n: L10n, state: FSMContext) -> None:
    await state.clear()
    rows = [
        [_button(l10n.raw(key), ReportCallback(action="period", kind=kind.value))]
        for kind, key in _PICKS
    ]
    rows.append([_button(l10n.raw("report-btn-custom"), ReportCallback(action="custom"))])
    await message.answer(
        l10n("report-pick-period"), reply_markup=InlineKeyboardMarkup(inline_keyboard=rows)
    )


async def chosen(
    query: CallbackQuery,
    callback_data: ReportCallback,
    session: AsyncSession,
    l10n: L10n,
    settings: Settings,
    clock: Clock,
    state: FSMContext,
) -> None:
    await query.answer()
    if not isinstance(query.message, Message):
        return
    if callback_data.action == "custom":
        await state.set_state(DirectorSG.report_dates)
        await query.message.answer(l10n("report-ask-dates"))
        return
    if callback_data.first:
        period = _period_of(callback_data, settings)
    else:
        period = current_period(PeriodKind(callback_data.kind), clock(), settings.shop.tz)
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
                _button(l10n.raw("report-btn-xlsx"), _period_data("xlsx", period)),
                _button(l10n.raw("report-btn-csv"), _period_data("csv", period)),
            ]
        ]
    )
    await message.answer(summary(l10n, report), reply_markup=keyboard)


async def export(
    query: CallbackQuery,
    callback_data: ReportCallback,
    session: AsyncSession,
    l10n: L10n,
    settings: Settings,
    clock: Clock,
) -> None:
    period = _period_of(callback_data, settings)
    name = f"{period.first_day:%Y%m%d}-{period.last_day:%Y%m%d}"
    text = file_text(l10n)
    if callback_data.action == "xlsx":
        report = await build_report(session, period, clock())
        data = await asyncio.to_thread(
            build_workbook,
            report,
            text,
            lambda s: stage_label(l10n, s),
            lambda n, r: person(l10n, n, r),
        )
        document = BufferedInputFile(data, filename=f"report-{name}.xlsx")
    else:
        data = await orders_csv(session, period, text, lambda s: stage_label(l10n, s))
        document = BufferedInputFile(data, filename=f"orders-{name}.csv")
    await query.answer(l10n.raw("report-file-sent"))
    if isinstance(query.message, Message):
        await query.message.answer_document(document)


def setup() -> Router:
    router = Router(name=__name__)
    router.message.filter(HasRole(Role.DIRECTOR))
    router.callback_query.filter(HasRole(Role.DIRECTOR))
    router.message.register(pick_period, MenuButton("menu-report"))
    router.message.register(pick_period, Command("report"))
    router.message.register(typed_dates, DirectorSG.report_dates, F.text)
    router.callback_query.register(export, ReportCallback.filter(F.action.in_({"xlsx", "csv"})))
    router.callback_query.register(chosen, ReportCallback.filter())
    return router
