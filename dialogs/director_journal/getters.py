"""What the journal windows show: a page of events, the person picker, the questions."""

from __future__ import annotations

from typing import Any

from aiogram_dialog import DialogManager

from dialogs.director_journal import render
from dialogs.director_journal.data import PEOPLE_PAGE, load
from dialogs.kit.feedback import with_notice
from services.audit import journal as audit_journal
from services.staff.service import StaffService
from services.storage.models import Employee


async def journal(dialog_manager: DialogManager, **deps: Any) -> dict[str, Any]:
    l10n, session, tz = deps["l10n"], deps["session"], deps["settings"].shop.tz
    view = load(dialog_manager)
    entries, total = await audit_journal.search(session, view.journal_filter(tz), view.offset)
    names = await audit_journal.names_for(session, [entry.event for entry in entries])
    person = await session.get(Employee, view.actor) if view.actor else None
    described = render.filter_text(l10n, view, person.full_name if person else None)
    title = l10n("journal-title", filter=described, total=total)
    return {
        "text": render.page_text(l10n, title, entries, names, tz),
        "older": view.offset + audit_journal.PAGE < total,
        "newer": view.offset > 0,
        "filtered": view.filtered,
    }


async def people(dialog_manager: DialogManager, **deps: Any) -> dict[str, Any]:
    """A page of the staff, a button each; past the end of a shrunk list, the first page."""
    view = load(dialog_manager)
    page = await StaffService(deps["session"]).list_page(PEOPLE_PAGE, view.people_offset)
    pager = []  # ◀️ ▶️ carry the offset of their page, as counted from the page shown
    if page.offset > 0:
        pager.append(("◀️", str(max(0, page.offset - PEOPLE_PAGE))))
    if page.has_more:
        pager.append(("▶️", str(page.offset + PEOPLE_PAGE)))
    return {"people": [(p.full_name[:60], str(p.id)) for p in page.items], "pager": pager}


async def order(dialog_manager: DialogManager, **deps: Any) -> dict[str, Any]:
    return _question(dialog_manager, deps, "journal-ask-order")


async def dates(dialog_manager: DialogManager, **deps: Any) -> dict[str, Any]:
    return _question(dialog_manager, deps, "journal-ask-dates")


def _question(manager: DialogManager, deps: dict[str, Any], key: str) -> dict[str, Any]:
    return {"text": with_notice(load(manager).note, [deps["l10n"](key)])}
