"""The audit journal's rows wait for the unit of work's commit: written with it in one INSERT,
dropped with a rollback (services/audit/log.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import event, select

from services.audit import log as audit
from services.storage import unit_of_work
from services.storage.models import AuditEvent


async def _actions(session_factory) -> list[str]:  # type: ignore[no-untyped-def]
    async with session_factory() as session:
        rows = await session.scalars(select(AuditEvent.action).order_by(AuditEvent.id))
        return list(rows)


async def test_rows_are_written_at_the_commit(session_factory, db_engine):
    inserts: list[str] = []

    def seen(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        if statement.startswith("INSERT INTO audit_log"):
            inserts.append(statement)

    event.listen(db_engine.sync_engine, "before_cursor_execute", seen)
    try:
        async with session_factory() as session:
            audit.record(session, audit.AuditAction.ORDER_CREATED, entity_type="order", entity_id=1)
            await session.flush()
            audit.record(
                session, audit.AuditAction.ORDER_MOVED, entity_type="order", entity_id=1, note="x"
            )
            assert [r.action for r in audit.pending(session)] == ["order.created", "order.moved"]
            assert inserts == []  # a flush on the way writes none of them
            await unit_of_work.commit(session)
    finally:
        event.remove(db_engine.sync_engine, "before_cursor_execute", seen)
    assert await _actions(session_factory) == ["order.created", "order.moved"]


async def test_a_rollback_drops_them(session_factory):
    async with session_factory() as session:
        audit.record(session, audit.AuditAction.ACCESS_REFUSED)
        await session.rollback()
        assert audit.pending(session) == []
        audit.record(session, audit.AuditAction.ORDER_DONE)
        await unit_of_work.commit(session)
    assert await _actions(session_factory) == ["order.done"]


async def test_an_action_outside_the_list_is_refused(session_factory):
    """Each action has a name the director reads (`AuditAction`): a new code must join it."""
    async with session_factory() as session:
        with pytest.raises(ValueError):
            audit.record(session, "order.teleported")  # type: ignore[arg-type]
