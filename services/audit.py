"""Writing to the audit journal; always inside the caller's transaction.

The rows wait in the session until its commit and are written then, all in one INSERT on the
table (they are never changed, only read back by queries): a use case that flushes on its way
(to learn a new row's id) wrote its journal rows one flush at a time, a statement each (saving
a new order: three). A rolled-back transaction drops them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session, SessionTransaction

from services.storage.models import AuditEvent, Employee

_PENDING = "audit_pending"


def record(
    session: AsyncSession,
    action: str,
    *,
    actor: Employee | None = None,
    actor_telegram_id: int | None = None,
    entity_type: str | None = None,
    entity_id: object | None = None,
    **details: Any,
) -> AuditEvent:
    row = AuditEvent(
        action=action,
        actor_id=actor.id if actor else None,
        actor_telegram_id=actor.telegram_id if actor else actor_telegram_id,
        entity_type=entity_type,
        entity_id=None if entity_id is None else str(entity_id),
        details=details,
    )
    sync = session.sync_session
    if not sync.in_transaction():
        # Begun now (no statement yet), so a rollback before the first statement ends it and
        # drops the row, as it would have dropped a row added to the session.
        sync.begin()
    session.info.setdefault(_PENDING, []).append(row)
    return row


def pending(session: AsyncSession | Session) -> list[AuditEvent]:
    """The rows recorded in this transaction and not written yet, in order."""
    return list(session.info.get(_PENDING, ()))


# On the table: the rows are only ever read back by queries, so the unit of work's tracking
# of each one (identity, state, the flush's sorting) buys nothing.
_INSERT = AuditEvent.__table__.insert()


@event.listens_for(Session, "before_commit")
def _write(session: Session) -> None:
    rows = session.info.pop(_PENDING, None)
    if rows:
        session.execute(
            _INSERT,
            [
                {
                    "action": row.action,
                    "actor_id": row.actor_id,
                    "actor_telegram_id": row.actor_telegram_id,
                    "entity_type": row.entity_type,
                    "entity_id": row.entity_id,
                    "details": row.details,
                }  # `at`: the column's default, the time of the commit as a flush gave it
                for row in rows
            ],
        )


@event.listens_for(Session, "after_transaction_end")
def _drop(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop(_PENDING, None)
