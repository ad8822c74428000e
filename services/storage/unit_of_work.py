"""The one way a use case ends its transaction.

Every use case that changes data finishes with `await commit(session)`: the place where
what the transaction owes besides its own rows (the audit trail, the outbox, the staff
directory's refresh) is written or announced, visibly, before the database commit.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession


async def commit(session: AsyncSession) -> None:
    """Commit the use case's transaction once."""
    await session.commit()
