"""Writing outbox rows inside the caller's transaction (never commits): `enqueue`, and which
rows each domain change writes (`order_step`, `client_changed`, ...; called by the use cases
before their commit).

How the writer knows Bitrix24 is on: the session factory of a bot with `BITRIX24_WEBHOOK_URL`
set puts `info={"outbox": True}` on every session (`create_session_factory(engine, outbox=True)`).
Without it `enqueue` does nothing, so a shop without a portal keeps an empty outbox and pays
nothing for the mirror.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.audit import log as audit
from services.clock import system_clock
from services.crm.outbox.kinds import ENTITY_OF, Kind
from services.normalize import format_quantity
from services.storage.models import (
    AuditEvent,
    Employee,
    Order,
    OrderMedia,
    OutboxMessage,
    StageTask,
    StageTransition,
)

INFO_KEY = "outbox"
PENDING = "pending"
DONE = "done"
PARKED = "parked"


def is_enabled(session: AsyncSession) -> bool:
    return bool(session.info.get(INFO_KEY))


def enqueue(
    session: AsyncSession,
    kind: Kind,
    entity_id: int,
    payload: dict[str, Any] | None = None,
) -> OutboxMessage | None:
    """Add one message for `entity_id` (the entity type follows from the kind)."""
    if not is_enabled(session):
        return None
    now = system_clock()
    message = OutboxMessage(
        kind=kind.value,
        entity_type=ENTITY_OF[kind].value,
        entity_id=entity_id,
        payload=payload,
        status=PENDING,
        attempts=0,
        created_at=now,
        next_attempt_at=now,
    )
    session.add(message)
    return message


BULK_COLUMNS = (
    "kind",
    "entity_type",
    "entity_id",
    "status",
    "attempts",
    "created_at",
    "next_attempt_at",
)


def bulk_rows(session: AsyncSession, kind: Kind, entity_ids: list[int]) -> list[tuple[Any, ...]]:
    """Rows for `BULK_COLUMNS`, for callers writing thousands at once (the dealer import);
    empty unless the outbox is on, like `enqueue`."""
    if not is_enabled(session):
        return []
    now = system_clock()
    entity = ENTITY_OF[kind].value
    return [(kind.value, entity, i, PENDING, 0, now, now) for i in entity_ids]


def client_changed(session: AsyncSession, client_id: int) -> None:
    enqueue(session, Kind.CONTACT_SYNC, client_id)


def car_changed(session: AsyncSession, car_id: int) -> None:
    enqueue(session, Kind.CAR_SYNC, car_id)


def task_changed(session: AsyncSession, task: StageTask) -> None:
    enqueue(session, Kind.TASK_SYNC, task.id)


def order_step(
    session: AsyncSession,
    order: Order,
    actor: Employee,
    tasks: Iterable[StageTask] = (),
    moves: Sequence[StageTransition] = (),
) -> None:
    """A use case changed the order: sync the deal and the touched tasks, comment the step.

    The comment tells the step's `moves` (its transition rows, in order) and its actions: the
    audit rows the transaction has recorded so far (`audit.pending`)."""
    if not is_enabled(session):
        return
    enqueue(session, Kind.DEAL_SYNC, order.id)
    for task_id in dict.fromkeys(t.id for t in tasks):
        enqueue(session, Kind.TASK_SYNC, task_id)
    comment = _comment(order, actor, [*moves, *audit.pending(session)])
    if comment is not None:
        enqueue(session, Kind.DEAL_COMMENT, order.id, comment)


def media_added(session: AsyncSession, order_id: int, media: Sequence[OrderMedia]) -> None:
    """Each photo or video goes to the deal; the file id is enough to fetch it later."""
    for row in media:
        enqueue(
            session,
            Kind.DEAL_MEDIA,
            order_id,
            {
                "kind": row.kind,
                "file_id": row.file_id,
                "file_unique_id": row.file_unique_id,
                "file_size": row.file_size,
            },
        )


def _comment(
    order: Order, actor: Employee, rows: Sequence[AuditEvent | StageTransition]
) -> dict[str, Any] | None:
    actions: list[dict[str, Any]] = []
    moves: list[dict[str, Any]] = []
    parts = {p.id: p for p in order.parts}
    for row in rows:
        if isinstance(row, StageTransition) and row.order_id == order.id:
            moves.append({"from": row.from_stage, "to": row.to_stage, "reason": row.reason})
        elif (
            isinstance(row, AuditEvent)
            and row.entity_type == "order"
            and row.entity_id == str(order.id)
            # The journal's copy of a move; the move itself is told from its transition row.
            and row.action != "order.moved"
        ):
            details = {k: v for k, v in (row.details or {}).items() if _plain(v)}
            part = parts.get(details.get("part_id"))  # type: ignore[arg-type]
            if part is not None:
                details["part"] = part.name
                details["unit"] = format_quantity(part.quantity)
            actions.append({"action": row.action, **details})
    if not actions and not moves:
        return None
    return {"actor": actor.full_name, "actions": actions, "moves": moves}


def _plain(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool)
