"""The one way a use case ends its transaction.

Every use case that changes data finishes with `await commit(session)`: the place where
what the transaction owes besides its own rows (the audit trail) is written, visibly,
before the database commit. The outbox rows are written by the use case itself, before.
A refused use case ends with `end_refused`, which keeps nothing of it.
"""

from __future__ import annotations

from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.ext.asyncio import AsyncSession

from services.audit import log as audit


async def commit(session: AsyncSession) -> None:
    """Write the transaction's pending audit rows, then commit it once."""
    await audit.write_pending(session)
    await session.commit()


async def end_refused(session: AsyncSession) -> None:
    """End the transaction of a refused use case, keeping nothing of it: its audit rows are
    dropped and all it changed is rolled back, pending or already written by an autoflush.

    A rollback expires every loaded object; those the caller holds (the actor, whom it still
    journals and answers) are read again, as async code cannot load them lazily. A refusal is
    rare (a stale or forged tap), so its few extra reads cost nothing anyone feels."""
    audit.drop_pending(session)
    loaded = list(session.identity_map.values())
    await session.rollback()
    for obj in loaded:
        if obj not in session:  # a row the rollback took back
            continue
        try:
            await session.refresh(obj)
        except InvalidRequestError:  # its row is gone meanwhile (a role taken away): let it go
            session.expunge(obj)
