"""What the report windows show: the picker, the question for dates, the summary."""

from __future__ import annotations

from typing import Any

from aiogram_dialog import DialogManager

from dialogs.director_report.data import PICKS, load
from dialogs.director_report.handlers import built
from dialogs.director_report.render import summary
from dialogs.kit.feedback import with_notice
from services.reports.build import build_report


async def pick(dialog_manager: DialogManager, **deps: Any) -> dict[str, Any]:
    l10n = deps["l10n"]
    return {"picks": [(l10n.raw(key), kind.value) for kind, key in PICKS]}


async def dates(dialog_manager: DialogManager, **deps: Any) -> dict[str, Any]:
    note = load(dialog_manager).note
    return {"text": with_notice(note, [deps["l10n"]("report-ask-dates")])}


async def report(dialog_manager: DialogManager, **deps: Any) -> dict[str, Any]:
    view = load(dialog_manager)
    shown = built(dialog_manager, view)
    if shown is None:
        period = view.period(deps["settings"].shop.tz)
        shown = await build_report(deps["session"], period, deps["clock"]())
    return {"text": summary(deps["l10n"], shown)}
