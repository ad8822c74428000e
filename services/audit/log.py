"""Writing to the audit journal; always inside the caller's transaction.

The rows wait in the session, tied to its transaction, until the use case ends it with
`services.storage.unit_of_work.commit`, which writes them all in one INSERT on the table
(they are never changed, only read back by queries): a use case that flushes on its way (to
learn a new row's id) would otherwise write its journal rows a statement each. Rows of a
transaction that ended without that commit (a rollback) are dropped.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session, SessionTransaction

from services.storage.models import AuditEvent, Car, Client, Employee, Invite

_PENDING = "audit_pending"


class AuditAction(StrEnum):
    """Every action the journal records, as stored in `audit_log.action`. The director reads
    each by its name (`audit-action-*` in locales/), never by this code."""

    ACCESS_REFUSED = "access.refused"
    CAR_CREATED = "car.created"
    CAR_DRIVER_ADDED = "car.driver_added"
    CAR_OWNER_CHANGED = "car.owner_changed"
    CAR_PLATE_CHANGED = "car.plate_changed"
    CAR_VIN_CHANGED = "car.vin_changed"
    CLIENT_APPROVED = "client.approved"
    CLIENT_CREATED = "client.created"
    CLIENT_PHONE_ADDED = "client.phone_added"
    # Written only by migration 0009 (a migration keeps its own literal).
    CLIENT_PHONE_RETIRED_DUPLICATE = "client.phone_retired_duplicate"
    CLIENT_RENAMED = "client.renamed"
    DELIVERY_CANCELLED = "delivery.cancelled"
    DELIVERY_ON_TIME = "delivery.on_time"
    IMPORT_FINISHED = "import.finished"
    INVITE_CREATED = "invite.created"
    INVITE_REDEEMED = "invite.redeemed"
    INVITE_REFUSED = "invite.refused"
    LABOUR_APPROVED = "labour.approved"
    MIRROR_RETRIED = "mirror.retried"
    ORDER_CANCELLED = "order.cancelled"
    ORDER_CREATED = "order.created"
    ORDER_DONE = "order.done"
    ORDER_FORCED = "order.forced"
    ORDER_MASTER_CHANGED = "order.master_changed"
    ORDER_MONEY_CHANGED = "order.money_changed"
    ORDER_MOVED = "order.moved"
    ORDER_MOVED_BACK = "order.moved_back"
    PART_ADDED = "part.added"
    PART_ORDERED = "part.ordered"
    PART_PRICED = "part.priced"
    PART_RECEIVED = "part.received"
    PART_UNAVAILABLE = "part.unavailable"
    SETTINGS_CHANGED = "settings.changed"
    STAFF_ADDED = "staff.added"
    STAFF_BITRIX_LINKED = "staff.bitrix_linked"
    STAFF_DEACTIVATED = "staff.deactivated"
    STAFF_ROLE_ADDED = "staff.role_added"
    STAFF_ROLE_REMOVED = "staff.role_removed"
    STAFF_STARTED = "staff.started"
    TASK_CLAIMED = "task.claimed"
    TASK_REASSIGNED = "task.reassigned"
    WORK_ADDED = "work.added"
    WORK_REMOVED = "work.removed"

    @property
    def key(self) -> str:
        """Its name's message key: "order.moved_back" → "audit-action-order-moved-back"."""
        return "audit-action-" + self.value.replace(".", "-").replace("_", "-")


def record(
    session: AsyncSession,
    action: AuditAction,
    *,
    actor: Employee | None = None,
    actor_telegram_id: int | None = None,
    entity_type: str | None = None,
    entity_id: object | None = None,
    **details: Any,
) -> AuditEvent:
    row = AuditEvent(
        # A code outside the list fails here, in tests, not as a nameless line in the journal.
        action=AuditAction(action).value,
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
    transaction = sync.get_transaction()
    held = session.info.get(_PENDING)
    if held is None or held[0] is not transaction:
        held = session.info[_PENDING] = (transaction, [])
    held[1].append(row)
    return row


# How the journal names the entities a client, car or staff change is about (`record_about`).
_ENTITY_TYPES: dict[type, str] = {
    Car: "car",
    Client: "client",
    Employee: "employee",
    Invite: "invite",
}


def record_about(
    session: AsyncSession,
    action: AuditAction,
    entity: Car | Client | Employee | Invite,
    *,
    actor: Employee | None,
    **details: Any,
) -> AuditEvent:
    """`record` of a change to `entity` (a client, car, employee or invite) by `actor`."""
    entity_type = _ENTITY_TYPES[type(entity)]
    return record(
        session, action, actor=actor, entity_type=entity_type, entity_id=entity.id, **details
    )


def pending(session: AsyncSession | Session) -> list[AuditEvent]:
    """The rows recorded in this transaction and not written yet, in order."""
    sync = session.sync_session if isinstance(session, AsyncSession) else session
    held: tuple[SessionTransaction | None, list[AuditEvent]] | None = session.info.get(_PENDING)
    if held is None or held[0] is not sync.get_transaction():
        return []
    return list(held[1])


# On the table: the rows are only ever read back by queries, so the unit of work's tracking
# of each one (identity, state, the flush's sorting) buys nothing.
_INSERT = AuditEvent.__table__.insert()


def drop_pending(session: AsyncSession) -> None:
    session.info.pop(_PENDING, None)


async def write_pending(session: AsyncSession) -> None:
    """Write this transaction's rows (the unit of work's commit does, just before it commits)."""
    rows = pending(session)
    session.info.pop(_PENDING, None)
    if not rows:
        return
    await session.execute(
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
