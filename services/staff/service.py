"""Staff: adding employees, roles, invites and deactivation. Knows nothing of Telegram."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload

from services.audit import log as audit
from services.audit.refusals import refuse_access
from services.clock import Clock, system_clock
from services.errors import DomainError, Forbidden, NotFound
from services.paging import Page
from services.staff import changes as staff_changes
from services.staff.roles import ROLE_ORDER, Role
from services.storage.models import Employee, EmployeeRole, Invite, StageTask
from services.storage.unit_of_work import commit

MAX_NAME_LENGTH = 128


@dataclass(frozen=True)
class RedeemedInvite:
    employee: Employee
    role: Role


@dataclass(frozen=True)
class IssuedInvite:
    token: str
    role: Role
    expires_at: datetime


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def sorted_roles(roles: Iterable[str]) -> list[Role]:
    present = set(roles)
    return [role for role in ROLE_ORDER if role in present]


# Built once: constructing the statement cost a tenth of the lookup (bench/README.md).
_BY_TELEGRAM_ID = (
    select(Employee)
    .options(joinedload(Employee.roles))
    .where(Employee.telegram_id == bindparam("telegram_id"))
)
# A page of the staff list and the list's length in one round trip (the roles in a second).
_PAGE = (
    select(Employee, func.count().over())
    .order_by(Employee.full_name, Employee.id)
    .limit(bindparam("limit"))
    .offset(bindparam("offset"))
)


class StaffService:
    def __init__(self, session: AsyncSession, clock: Clock = system_clock) -> None:
        self.session = session
        self.clock = clock

    async def by_telegram_id(self, telegram_id: int) -> Employee | None:
        # Runs on every update: the roles come in the same round-trip (a join), not in a
        # second SELECT as the relationship's default selectin load would.
        found = await self.session.scalars(_BY_TELEGRAM_ID, {"telegram_id": telegram_id})
        return found.unique().one_or_none()

    async def list_all(self) -> Sequence[Employee]:
        result = await self.session.scalars(select(Employee).order_by(Employee.full_name))
        return result.all()

    async def list_page(self, limit: int, offset: int) -> Page[Employee]:
        """Employees by name, a page of them, and how many there are in all. A page past the
        end (the list shrank under an old ◀️ ▶️ button) is the first page."""
        rows = (await self.session.execute(_PAGE, {"limit": limit, "offset": offset})).all()
        if not rows and offset:
            offset = 0
            rows = (await self.session.execute(_PAGE, {"limit": limit, "offset": offset})).all()
        if rows:
            return Page([row[0] for row in rows], rows[0][1], limit, offset)
        return Page([], 0, limit, offset)  # no staff at all

    async def active_with_role(self, role: Role) -> Sequence[Employee]:
        result = await self.session.scalars(
            select(Employee)
            .join(EmployeeRole, EmployeeRole.employee_id == Employee.id)
            .where(EmployeeRole.role == role.value, Employee.is_active.is_(True))
            .order_by(Employee.full_name)
        )
        return result.all()

    async def _found_or_new(self, telegram_id: int, full_name: str, locale: str | None) -> Employee:
        """The employee with this Telegram id, or a new one with no roles yet (added to the
        session); from here on the session changes the staff."""
        employee = await self.by_telegram_id(telegram_id)
        staff_changes.changing(self.session)
        if employee is None:
            employee = Employee(
                telegram_id=telegram_id,
                full_name=full_name.strip()[:MAX_NAME_LENGTH] or str(telegram_id),
                locale=locale,
                is_active=True,
            )
            employee.roles = []
            self.session.add(employee)
        return employee

    async def add(
        self,
        telegram_id: int,
        full_name: str,
        roles: Iterable[Role],
        *,
        actor: Employee | None = None,
        bitrix_user_id: int | None = None,
        locale: str | None = None,
    ) -> Employee:
        """Add an employee, or give an existing one more roles and reactivate them."""
        employee = await self._found_or_new(telegram_id, full_name, locale)
        employee.is_active = True
        if bitrix_user_id is not None:
            employee.bitrix_user_id = bitrix_user_id
        for role in roles:
            if role not in employee.role_names:
                employee.roles.append(EmployeeRole(role=role.value))
        await self.session.flush()
        await self._staff_changed(
            audit.AuditAction.STAFF_ADDED, employee, actor, roles=[r.role for r in employee.roles]
        )
        return employee

    async def deactivate(self, telegram_id: int, *, actor: Employee | None = None) -> Employee:
        employee = await self.by_telegram_id(telegram_id)
        if employee is None:
            raise NotFound("staff-error-not-found")
        await self._deactivate(employee, actor)
        return employee

    async def _deactivate(self, employee: Employee, actor: Employee | None) -> list[int]:
        """Inactive from now on; their open tasks go back to the pool (ids returned). Commits."""
        staff_changes.changing(self.session)
        employee.is_active = False
        released = await self._release_tasks(employee.id)
        await self._staff_changed(
            audit.AuditAction.STAFF_DEACTIVATED, employee, actor, released_tasks=released
        )
        return released

    async def _release_tasks(self, employee_id: int) -> list[int]:
        """Their open tasks go back to the role pool (assignee cleared), for someone to take."""
        result = await self.session.execute(
            update(StageTask)
            .where(StageTask.assignee_id == employee_id, StageTask.status == "open")
            .values(assignee_id=None)
            .returning(StageTask.id)
            .execution_options(synchronize_session=False)
        )
        return sorted(result.scalars().all())

    async def deactivate_by_id(self, employee_id: int, *, actor: Employee) -> list[int]:
        """Deactivate from the bot; returns the ids of the open tasks put back in the pool."""
        employee = await self.get_by_id(employee_id)
        if employee.id == actor.id:
            raise DomainError("staff-error-self")
        return await self._deactivate(employee, actor)

    async def toggle_role(self, employee_id: int, role: Role, *, actor: Employee) -> Employee:
        """Give the role, or take it away; a director cannot take his own director role."""
        employee = await self.get_by_id(employee_id)
        held = {r.role: r for r in employee.roles}
        if role.value in held and employee.id == actor.id and role is Role.DIRECTOR:
            raise DomainError("staff-error-self")
        staff_changes.changing(self.session)
        if role.value in held:
            employee.roles.remove(held[role.value])
            action = audit.AuditAction.STAFF_ROLE_REMOVED
        else:
            employee.roles.append(EmployeeRole(role=role.value))
            action = audit.AuditAction.STAFF_ROLE_ADDED
        await self._staff_changed(action, employee, actor, role=role.value)
        return employee

    async def link_bitrix(
        self, employee_id: int, bitrix_user_id: int | None, *, actor: Employee
    ) -> Employee:
        employee = await self.get_by_id(employee_id)
        before = employee.bitrix_user_id
        staff_changes.changing(self.session)
        employee.bitrix_user_id = bitrix_user_id
        await self._staff_changed(
            audit.AuditAction.STAFF_BITRIX_LINKED,
            employee,
            actor,
            before=before,
            after=bitrix_user_id,
        )
        return employee

    async def get_by_id(self, employee_id: int) -> Employee:
        employee = await self.session.get(Employee, employee_id, populate_existing=True)
        if employee is None:
            raise NotFound("staff-error-not-found")
        return employee

    async def record_start(self, employee: Employee) -> None:
        """A /start is the closest thing to a login the bot has; the journal keeps it."""
        audit.record(self.session, audit.AuditAction.STAFF_STARTED, actor=employee)
        await commit(self.session)

    async def set_locale(self, employee: Employee, locale: str) -> None:
        staff_changes.changing(self.session)
        employee.locale = locale
        await self._commit_staff_change()

    async def create_invite(
        self, role: Role, *, actor: Employee | None, ttl: timedelta
    ) -> IssuedInvite:
        if actor is not None and Role.DIRECTOR not in actor.role_names:
            await refuse_access(self.session, actor, "invite.create")
            raise Forbidden("error-forbidden")
        # 24 random bytes → 32 URL-safe characters, within Telegram's 64-character start payload.
        token = secrets.token_urlsafe(24)
        expires_at = self.clock() + ttl
        invite = Invite(
            token_hash=hash_token(token),
            role=role.value,
            created_by_id=actor.id if actor else None,
            expires_at=expires_at,
        )
        self.session.add(invite)
        await self.session.flush()
        audit.record_about(
            self.session, audit.AuditAction.INVITE_CREATED, invite, actor=actor, role=role.value
        )
        await commit(self.session)
        return IssuedInvite(token=token, role=role, expires_at=expires_at)

    async def redeem_invite(
        self, token: str, *, telegram_id: int, full_name: str, locale: str | None
    ) -> RedeemedInvite:
        """Register the person behind `telegram_id` with the invite's role."""
        invite = await self.session.scalar(
            select(Invite).where(Invite.token_hash == hash_token(token)).with_for_update()
        )
        if invite is None:
            await self._refuse_invite(telegram_id, "forged")
            raise DomainError("invite-error-invalid")
        if invite.used_at is not None:
            await self._refuse_invite(telegram_id, "used", invite.id)
            raise DomainError("invite-error-used")
        if invite.expires_at <= self.clock():
            await self._refuse_invite(telegram_id, "expired", invite.id)
            raise DomainError("invite-error-expired")
        employee = await self._found_or_new(telegram_id, full_name, locale)
        employee.is_active = True
        if invite.role not in employee.role_names:
            employee.roles.append(EmployeeRole(role=invite.role))
        await self.session.flush()
        invite.used_at = self.clock()
        invite.used_by_id = employee.id
        await self._staff_changed(
            audit.AuditAction.INVITE_REDEEMED, invite, employee, role=invite.role
        )
        return RedeemedInvite(employee, Role(invite.role))

    async def _refuse_invite(
        self, telegram_id: int, reason: str, invite_id: int | None = None
    ) -> None:
        audit.record(
            self.session,
            audit.AuditAction.INVITE_REFUSED,
            actor_telegram_id=telegram_id,
            entity_type="invite",
            entity_id=invite_id,
            reason=reason,
        )
        await commit(self.session)

    async def _staff_changed(
        self,
        action: audit.AuditAction,
        about: Employee | Invite,
        actor: Employee | None,
        **details: object,
    ) -> None:
        """A staff change's journal row, then its one end (`_commit_staff_change`)."""
        audit.record_about(self.session, action, about, actor=actor, **details)
        await self._commit_staff_change()

    async def _commit_staff_change(self) -> None:
        """The one end of a staff change: commit, then tell the staff directory."""
        await commit(self.session)
        staff_changes.changed(self.session)
