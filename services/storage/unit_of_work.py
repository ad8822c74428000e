"""The one way a use case ends its transaction.

Every use case that changes data finishes with `await commit(session)`: the place where
what the transaction owes besides its own rows (the audit trail) is written, visibly,
before the database commit. The outbox rows are written by the use case itself, before.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from services.audit import log as audit


async def commit(session: AsyncSession) -> None:
    """Write the transaction's pending audit rows, then commit it once."""
    await audit.write_pending(session)
    await session.commit()


async def end_refused(session: AsyncSession) -> None:
    """End the transaction of a refused use case, writing nothing of it (its audit rows are
    dropped). Commit rather than roll back when nothing is pending: a rollback would expire
    the caller's loaded objects (the actor), which async code then cannot lazily reload."""
    if session.new or session.dirty or session.deleted:
        await session.rollback()
    else:
        audit.drop_pending(session)
        await session.commit()
