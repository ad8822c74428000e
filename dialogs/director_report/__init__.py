"""The director's report: «📊 Отчёт» or /report, a period picked or typed, four charts and the
summary below them, the period's XLSX report and orders CSV.

`entry()` is the entry (in handlers.director's seat, behind its role check); `setup()` is the
dialog itself, included with the other aiogram-dialog dialogs."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command

from bot.filters import MenuButton
from dialogs.director_report import dialog as _dialog
from dialogs.director_report.handlers import start
from dialogs.director_report.states import ReportSG
from dialogs.kit.seat import directors_only


def entry() -> Router:
    router = Router(name=f"{__name__}.entry")
    router.message.register(start, MenuButton("menu-report"))
    router.message.register(start, Command("report"))
    return router


def setup() -> Router:
    return directors_only(_dialog.build(), ReportSG.dates)
