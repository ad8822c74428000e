"""What the staff windows show; the employees come from StaffService."""

from __future__ import annotations

from typing import Any

from aiogram_dialog import DialogManager

from dialogs.director_staff import render
from dialogs.director_staff.data import load, store
from services.staff.service import StaffService

STAFF_PAGE = 20  # lines a page: a shop network's staff would outgrow one message


async def people(dialog_manager: DialogManager, **deps: Any) -> dict[str, Any]:
    staff = load(dialog_manager)
    page = await StaffService(deps["session"]).list_page(STAFF_PAGE, staff.offset)
    if page.offset != staff.offset:  # the list shrank under ◀️ ▶️: its first page is shown
        staff.offset = page.offset
        store(dialog_manager, staff)
    return {
        "text": render.list_text(deps["l10n"], page),
        "people": [(p.full_name[:60], str(p.id)) for p in page.items if p.is_active],
        "has_prev": page.offset > 0,
        "has_next": page.has_more,
    }


async def card(dialog_manager: DialogManager, **deps: Any) -> dict[str, Any]:
    l10n, staff = deps["l10n"], load(dialog_manager)
    person = await StaffService(deps["session"]).get_by_id(staff.employee_id)
    return {
        "text": staff.screen(render.card_text(l10n, person)),
        "roles": render.role_toggles(l10n, person),
    }


async def confirm(dialog_manager: DialogManager, **deps: Any) -> dict[str, Any]:
    person = await StaffService(deps["session"]).get_by_id(load(dialog_manager).employee_id)
    return {"text": deps["l10n"]("staff-confirm-deactivate", name=person.full_name)}


async def portal(dialog_manager: DialogManager, **deps: Any) -> dict[str, Any]:
    staff = load(dialog_manager)
    person = await StaffService(deps["session"]).get_by_id(staff.employee_id)
    return {
        "text": deps["l10n"]("staff-pick-bitrix", name=person.full_name),
        "users": [(f"{u.name} · {u.id}"[:60], str(u.id)) for u in staff.portal],
    }


async def typed(dialog_manager: DialogManager, **deps: Any) -> dict[str, Any]:
    l10n, staff = deps["l10n"], load(dialog_manager)
    if staff.portal_failed:
        return {"text": staff.screen(l10n("staff-bitrix-unavailable"))}
    person = await StaffService(deps["session"]).get_by_id(staff.employee_id)
    return {"text": staff.screen(l10n("staff-ask-bitrix", name=person.full_name))}
