"""Reading the audit journal: search by person, order and dates; export as CSV."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.storage.models import AuditEvent, Employee

PAGE = 15
EXPORT_LIMIT = 100_000


@dataclass(frozen=True)
class JournalFilter:
    actor_id: int | None = None
    order_id: int | None = None
    since: datetime | None = None  # UTC, inclusive
    until: datetime | None = None  # UTC, exclusive


@dataclass(frozen=True)
class JournalEntry:
    event: AuditEvent
    actor_name: str | None


def _query(f: JournalFilter) -> Select[tuple[AuditEvent, str | None]]:
    query = select(AuditEvent, Employee.full_name).outerjoin(
        Employee, Employee.id == AuditEvent.actor_id
    )
    if f.actor_id is not None:
        query = query.where(AuditEvent.actor_id == f.actor_id)
    if f.order_id is not None:
        # Order events name the order as the entity; refusals about an order do too.
        query = query.where(
            AuditEvent.entity_type == "order", AuditEvent.entity_id == str(f.order_id)
        )
    if f.since is not None:
        query = query.where(AuditEvent.at >= f.since)
    if f.until is not None:
        query = query.where(AuditEvent.at < f.until)
    return query


async def search(
    session: AsyncSession, f: JournalFilter, offset: int = 0, limit: int = PAGE
) -> tuple[list[JournalEntry], int]:
    """A page of entries, newest first, and how many match in all."""
    total = await session.scalar(select(func.count()).select_from(_query(f).subquery()))
    rows = await session.execute(
        _query(f).order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).offset(offset).limit(limit)
    )
    return [JournalEntry(e, name) for e, name in rows.all()], int(total or 0)


async def export_csv(
    session: AsyncSession, f: JournalFilter, tz: ZoneInfo, headings: Sequence[str]
) -> bytes:
    rows = await session.execute(
        _query(f).order_by(AuditEvent.at, AuditEvent.id).limit(EXPORT_LIMIT)
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(headings)
    for event, name in rows.all():
        writer.writerow(
            [
                event.at.astimezone(tz).strftime("%d.%m.%Y %H:%M:%S"),
                name or "",
                event.actor_telegram_id or "",
                event.action,
                event.entity_type or "",
                event.entity_id or "",
                json.dumps(event.details or {}, ensure_ascii=False, sort_keys=True),
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")


async def find_people(session: AsyncSession, name_part: str) -> list[Employee]:
    pattern = f"%{name_part.strip()}%"
    result = await session.scalars(
        select(Employee)
        .where(
            or_(
                Employee.full_name.ilike(pattern),
                func.lower(Employee.full_name).like(pattern.lower()),
            )
        )
        .order_by(Employee.full_name)
        .limit(10)
    )
    return list(result.all())
