"""The sender's transactions on the notification queue: lease what is due, renew a lease, mark
a message done (and its person reachable again), retry later, mark a person who blocked the
bot. Each is short and commits once (marking a message done is one statement, without a
transaction); sending itself is the caller's (Telegram)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from services.alerts import queue
from services.orders.tasks import role_holders
from services.staff.roles import Role
from services.storage.models import Employee, Notification, UnreachableEmployee
from services.storage.unit_of_work import commit

# The directors' message about someone who blocked the bot: (director, their name) → text.
UnreachableText = Callable[[Employee, str], str]


async def lease_due(
    session: AsyncSession,
    now: datetime,
    limit: int,
    ids: Sequence[int] | None,
    lease: timedelta,
) -> tuple[list[Notification], set[int]]:
    """Lease the due messages (`queue.claim_due`); with them, who of their people are marked
    unreachable (read once per batch)."""
    rows = await queue.claim_due(session, now, limit, ids, lease=lease)
    marked = await _unreachable_among(session, rows)
    await commit(session)
    return rows, marked


async def renew_lease(
    session: AsyncSession, row_id: int, held_until: datetime, now: datetime, lease: timedelta
) -> datetime | None:
    """`queue.renew`, committed: the new end of the lease, or None if the row is no longer ours."""
    until = await queue.renew(session, row_id, held_until, now, lease)
    await commit(session)
    return until


async def finish(
    session: AsyncSession,
    row: Notification,
    status: str,
    now: datetime,
    error: str | None,
    reachable_again: bool,
) -> None:
    """Mark the message sent, failed or unreachable; `reachable_again`: its person too (they
    unblocked the bot), so a later block is news again."""
    if not reachable_again:
        # One statement, so no transaction around it: BEGIN and COMMIT were two round trips
        # of three, for every message sent.
        conn = await session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
        await queue.finish(conn, row.id, status, now, error)
        return
    await queue.finish(session, row.id, status, now, error)
    await session.execute(
        delete(UnreachableEmployee).where(UnreachableEmployee.employee_id == row.employee_id)
    )
    await commit(session)


async def retry_later(session: AsyncSession, row_id: int, when: datetime, error: str) -> None:
    await queue.retry_later(session, row_id, when, error)
    await commit(session)


async def mark_unreachable(
    session: AsyncSession, employee_id: int, now: datetime, text: UnreachableText
) -> bool:
    """Mark someone who blocked the bot, once, and queue the directors' notice with it; True
    when this call marked them."""
    insert = pg_insert if session.bind.dialect.name == "postgresql" else sqlite_insert
    marked = await session.scalar(
        insert(UnreachableEmployee)
        .values(employee_id=employee_id, since=now)
        .on_conflict_do_nothing(index_elements=["employee_id"])
        .returning(UnreachableEmployee.employee_id)
    )
    if marked is None:
        await commit(session)
        return False
    person = await session.get(Employee, employee_id)
    name = person.full_name if person else str(employee_id)
    for director_id in await role_holders(session, Role.DIRECTOR):
        director = await session.get(Employee, director_id) if director_id != employee_id else None
        if director is not None:
            queue.enqueue(
                session,
                chat_id=director.telegram_id,
                employee_id=director.id,
                text=text(director, name),
                now=now,
            )
    await commit(session)
    return True


async def _unreachable_among(session: AsyncSession, rows: list[Notification]) -> set[int]:
    people = {row.employee_id for row in rows if row.employee_id is not None}
    if not people:
        return set()
    marked = await session.scalars(
        select(UnreachableEmployee.employee_id).where(UnreachableEmployee.employee_id.in_(people))
    )
    return set(marked)
