"""Whose eyes may see a client's full phone number (domain.md: master, head, director)."""

from __future__ import annotations

from collections.abc import Iterable

from services.normalize.phone_format import format_phone, mask_phone
from services.roles import PHONE_VISIBLE_ROLES


def may_see_phone(viewer_roles: Iterable[str]) -> bool:
    return any(role in PHONE_VISIBLE_ROLES for role in viewer_roles)


def visible_phone(e164: str | None, viewer_roles: Iterable[str]) -> str | None:
    """The number formatted for display: in full for PHONE_VISIBLE_ROLES, masked otherwise."""
    if e164 is None:
        return None
    return format_phone(e164) if may_see_phone(viewer_roles) else mask_phone(e164)
