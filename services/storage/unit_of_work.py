"""The one way a use case ends its transaction.

Every use case that changes data finishes with `await commit(session)`: the place where
what the transaction owes besides its own rows (the audit trail) is written, visibly,
before the database commit. The outbox rows are written by the use case itself, before.
A refused use case ends with `end_refused`, which keeps nothing of it.
"""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

from services.audit import log as audit

# session.info: the transaction that has written (flushed or executed a DML statement) since
# it began or since `keep_written`. Only watched, never written to: nothing happens on commit.
_WROTE = "unit_of_work.wrote"


async def commit(session: AsyncSession) -> None:
    """Write the transaction's pending audit rows, then commit it once."""
    await audit.write_pending(session)
    await session.commit()


async def end_refused(session: AsyncSession) -> None:
    """End the transaction of a refused use case, writing nothing of it (its audit rows are
    dropped): roll back what it changed, pending or already written (an autoflush, a read
    after a change, writes half of it). Commit rather than roll back when it changed nothing
    since it began, or since what it meant to keep (`keep_written`): a rollback would expire
    the caller's loaded objects (the actor), which async code then cannot lazily reload."""
    audit.drop_pending(session)
    if session.new or session.dirty or session.deleted or wrote(session):
        await session.rollback()
    else:
        await session.commit()


def wrote(session: AsyncSession | Session) -> bool:
    """Whether this transaction has written anything since it began or since `keep_written`."""
    sync = session.sync_session if isinstance(session, AsyncSession) else session
    held = sync.info.get(_WROTE)
    return held is not None and held is sync.get_transaction()


def keep_written(session: AsyncSession) -> None:
    """What this transaction has written so far stays even if the use case is refused later
    (`end_refused` commits it); what it writes after is rolled back with the refusal."""
    session.info.pop(_WROTE, None)


def _wrote(session: Session) -> None:
    if not session.in_transaction():
        session.begin()  # begun now, as the statement would: the mark is for this transaction
    session.info[_WROTE] = session.get_transaction()


@event.listens_for(Session, "after_flush")
def _flushed(session: Session, _context: UOWTransaction) -> None:
    _wrote(session)


@event.listens_for(Session, "do_orm_execute")
def _executed(state: ORMExecuteState) -> None:
    if state.statement.is_dml:
        _wrote(state.session)
