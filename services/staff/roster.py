"""The whole staff in one small read, for the steps that notify people.

Every step that offers a task reads who holds the role, and every notice reads who its
people are (chat, language, name): two round trips on each such step for a table that changes
a few times a month. The staff directory keeps one `Roster` per staff generation (see
`services.staff.directory`), so an update whose directory has checked the generation reads
neither. Where no directory has checked it (the sender, scheduled jobs, the CLI), or when the
update's own session has changed staff and not yet committed, the callers read as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.storage.models import Employee, EmployeeRole


class StaffMember(NamedTuple):
    """What a notice needs of a person."""

    id: int
    telegram_id: int
    locale: str | None
    is_active: bool
    full_name: str


@dataclass(frozen=True)
class Roster:
    members: dict[int, StaffMember]  # everyone, active or not
    holders: dict[str, tuple[int, ...]]  # role → active holders, by id

    def role_holders(self, role: str) -> list[int]:
        return list(self.holders.get(role, ()))

    def people(self, ids: set[int]) -> dict[int, StaffMember] | None:
        """The members `ids`, or None if one is unknown here (then read them)."""
        found = {i: self.members[i] for i in ids if i in self.members}
        return found if len(found) == len(ids) else None


# Built once: the whole staff with its roles, a row per role (or one without).
_EVERYONE = (
    select(
        Employee.id,
        Employee.telegram_id,
        Employee.locale,
        Employee.is_active,
        Employee.full_name,
        EmployeeRole.role,
    )
    .outerjoin(EmployeeRole, EmployeeRole.employee_id == Employee.id)
    .order_by(Employee.id)
)


async def load_roster(session: AsyncSession) -> Roster:
    members: dict[int, StaffMember] = {}
    holders: dict[str, list[int]] = {}
    for *columns, role in await session.execute(_EVERYONE):
        member = members.setdefault(columns[0], StaffMember(*columns))
        if role is not None and member.is_active:
            holders.setdefault(role, []).append(member.id)
    return Roster(members, {role: tuple(ids) for role, ids in holders.items()})


# Built once: some of the staff, as a notice or a move needs them, where no roster is at hand.
_MEMBERS = select(
    Employee.id, Employee.telegram_id, Employee.locale, Employee.is_active, Employee.full_name
).where(Employee.id.in_(bindparam("ids", expanding=True)))


async def read_members(session: AsyncSession, ids: set[int]) -> dict[int, StaffMember]:
    """Plain columns: loading Employee objects would also load their roles."""
    rows = await session.execute(_MEMBERS, {"ids": list(ids)})
    return {row.id: StaffMember(*row) for row in rows}
