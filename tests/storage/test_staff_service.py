from datetime import UTC, datetime, timedelta

import pytest

from services.errors import DomainError, Forbidden
from services.staff.roles import Role
from services.staff.service import StaffService


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


async def test_add_and_extend_roles(session):
    staff = StaffService(session)
    employee = await staff.add(100, "Ирина", [Role.DIRECTOR])
    again = await staff.add(100, "Ирина", [Role.MASTER, Role.DIRECTOR])
    assert again.id == employee.id
    assert again.role_names == {"director", "master"}


async def test_invite_valid_used_expired_forged(session):
    clock = FakeClock()
    staff = StaffService(session, clock)
    director = await staff.add(1, "Director", [Role.DIRECTOR])
    invite = await staff.create_invite(Role.MASTER, actor=director, ttl=timedelta(hours=1))
    redeemed = await staff.redeem_invite(
        invite.token, telegram_id=2, full_name="Сергей", locale="ru"
    )
    assert redeemed.role == Role.MASTER
    assert redeemed.employee.role_names == {"master"}
    with pytest.raises(DomainError) as used:
        await staff.redeem_invite(invite.token, telegram_id=3, full_name="X", locale=None)
    assert used.value.key == "invite-error-used"
    late = await staff.create_invite(Role.SUPPLIER, actor=director, ttl=timedelta(hours=1))
    clock.now += timedelta(hours=2)
    with pytest.raises(DomainError) as expired:
        await staff.redeem_invite(late.token, telegram_id=3, full_name="X", locale=None)
    assert expired.value.key == "invite-error-expired"
    with pytest.raises(DomainError) as forged:
        await staff.redeem_invite("A" * 32, telegram_id=3, full_name="X", locale=None)
    assert forged.value.key == "invite-error-invalid"
    assert await staff.by_telegram_id(3) is None


async def test_only_director_creates_invites(session):
    staff = StaffService(session)
    master = await staff.add(5, "Master", [Role.MASTER])
    with pytest.raises(Forbidden):
        await staff.create_invite(Role.HEAD, actor=master, ttl=timedelta(hours=1))
