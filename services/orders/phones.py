"""Whose eyes may see a client's full phone number (domain.md: master, head, director; the
director may change the set, see services/staff/shop_settings.py)."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from services.normalize.phone_format import format_phone, mask_phone
from services.staff.roles import PHONE_VISIBLE_ROLES


def may_see_phone(
    viewer_roles: Iterable[str], visible_roles: Collection[str] = PHONE_VISIBLE_ROLES
) -> bool:
    return any(role in visible_roles for role in viewer_roles)


def visible_phone(
    e164: str | None,
    viewer_roles: Iterable[str],
    visible_roles: Collection[str] = PHONE_VISIBLE_ROLES,
) -> str | None:
    """The number formatted for display: in full for `visible_roles`, masked otherwise."""
    if e164 is None:
        return None
    return format_phone(e164) if may_see_phone(viewer_roles, visible_roles) else mask_phone(e164)
