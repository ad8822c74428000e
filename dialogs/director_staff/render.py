"""The staff screens' texts: the list's lines and an employee's card."""

from __future__ import annotations

from bot.i18n import L10n
from bot.render.texts import roles_text
from services.paging import Page
from services.staff.roles import ROLE_ORDER
from services.storage.models import Employee


def bitrix(l10n: L10n, person: Employee) -> str:
    return str(person.bitrix_user_id) if person.bitrix_user_id else l10n.raw("staff-no-bitrix")


def _roles(l10n: L10n, person: Employee) -> str:
    return roles_text(l10n, person.role_names) if person.roles else l10n.raw("staff-no-roles")


def list_text(l10n: L10n, page: Page[Employee]) -> str:
    people, total, offset = page.items, page.total, page.offset
    title = l10n("staff-title")
    if total > page.limit:
        title = l10n("staff-title-page", start=offset + 1, end=offset + len(people), total=total)
    lines = [title]
    for person in people:
        line = l10n(
            "staff-line",
            mark="🟢" if person.is_active else "⚪",
            name=person.full_name,
            roles=_roles(l10n, person),
            bitrix=bitrix(l10n, person),
        )
        lines.append(line if person.is_active else f"{line} {l10n('staff-inactive')}")
    return "\n".join(lines)


def card_text(l10n: L10n, person: Employee) -> str:
    return l10n(
        "staff-card",
        name=person.full_name,
        roles=_roles(l10n, person),
        bitrix=bitrix(l10n, person),
    )


def role_toggles(l10n: L10n, person: Employee) -> list[tuple[str, str]]:
    """(label, role) of every role, ✅ the ones held, ▫️ the rest."""
    held = person.role_names
    return [
        (("✅ " if role in held else "▫️ ") + l10n.raw(f"role-{role}"), role.value)
        for role in ROLE_ORDER
    ]
