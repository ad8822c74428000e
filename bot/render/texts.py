"""Small rendering helpers shared by handlers."""

from __future__ import annotations

from collections.abc import Iterable

from bot.i18n import L10n
from services.staff.service import sorted_roles


def roles_text(l10n: L10n, roles: Iterable[str]) -> str:
    return ", ".join(l10n.raw(f"role-{role}") for role in sorted_roles(roles))
