"""What the phones screen shows: the roles with their ✅/▫️ as the shop's setting has them."""

from __future__ import annotations

from typing import Any

from aiogram_dialog import DialogManager

from services.staff.roles import ROLE_ORDER, Role
from services.staff.shop_settings import phone_visible_roles

# The director always sees them; a forged toggle of his own role is refused like any other.
TOGGLED_ROLES = tuple(role for role in ROLE_ORDER if role is not Role.DIRECTOR)


async def roles(dialog_manager: DialogManager, **deps: Any) -> dict[str, Any]:
    l10n, visible = deps["l10n"], await phone_visible_roles(deps["session"])
    return {
        "roles": [
            (("✅ " if role in visible else "▫️ ") + l10n.raw(f"role-{role}"), role.value)
            for role in TOGGLED_ROLES
        ]
    }
