"""Shop-wide settings kept in the database; the director changes them in the bot.

For now one setting: which roles see client phone numbers in full (domain.md default:
master, head, director). Every change is audited.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ScalarSelect, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.audit import log as audit
from services.clock import Clock, system_clock
from services.staff.roles import PHONE_VISIBLE_ROLES, ROLE_ORDER, Role
from services.storage.models import Employee, ShopSetting
from services.storage.unit_of_work import commit

PHONE_ROLES_KEY = "phone_visible_roles"


async def phone_visible_roles(session: AsyncSession) -> frozenset[str]:
    """The roles that see full phone numbers now (the domain default until changed)."""
    row = await session.get(ShopSetting, PHONE_ROLES_KEY)
    return phone_roles_from(None if row is None else row.value)


def phone_roles_column() -> ScalarSelect[Any]:
    """The stored setting as a column of a bigger statement (None while never changed);
    `phone_roles_from` reads it. Saves a read where a screen needs it with other rows."""
    return select(ShopSetting.value).where(ShopSetting.key == PHONE_ROLES_KEY).scalar_subquery()


def phone_roles_from(value: object) -> frozenset[str]:
    """The roles from the stored value, or the domain default when none is stored."""
    if not isinstance(value, list):
        return frozenset(PHONE_VISIBLE_ROLES)
    return frozenset(str(role) for role in value)


async def set_phone_visible_roles(
    session: AsyncSession,
    roles: Iterable[str],
    *,
    actor: Employee,
    clock: Clock = system_clock,
) -> frozenset[str]:
    """Store the new set (the director always keeps the full view) and commit."""
    chosen = {Role(r) for r in roles} | {Role.DIRECTOR}
    value = [role.value for role in ROLE_ORDER if role in chosen]
    before = sorted(await phone_visible_roles(session))
    row = await session.get(ShopSetting, PHONE_ROLES_KEY)
    if row is None:
        row = ShopSetting(key=PHONE_ROLES_KEY, value=value)
        session.add(row)
    row.value = value
    row.updated_at = clock()
    row.updated_by_id = actor.id
    audit.record(
        session,
        audit.AuditAction.SETTINGS_CHANGED,
        actor=actor,
        entity_type="setting",
        entity_id=PHONE_ROLES_KEY,
        before=before,
        after=value,
    )
    await commit(session)
    return frozenset(value)


async def toggle_phone_role(
    session: AsyncSession, role: Role, *, actor: Employee, clock: Clock = system_clock
) -> frozenset[str]:
    current = set(await phone_visible_roles(session))
    current ^= {role.value}
    return await set_phone_visible_roles(session, current, actor=actor, clock=clock)
