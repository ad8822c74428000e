"""Handlers that only read run their statements without a transaction.

At PostgreSQL's READ COMMITTED every statement sees its own snapshot whether or not a
transaction is open, so for a list, a card or a history the BEGIN before the first read and
the ROLLBACK after the last are two round trips that change nothing (a menu tap: three round
trips → one). A handler says so with `flags=READS_ONLY`; should it ever write, the flush is
refused instead of committing each statement on its own.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.dispatcher.flags import get_flag
from aiogram.types import TelegramObject
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session, UOWTransaction

_FLAG = "reads_only"
READS_ONLY: dict[str, Any] = {_FLAG: True}


class ReadsOnlyMiddleware(BaseMiddleware):
    """Inner middleware (the handler, and so its flags, is known by then)."""

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        session: AsyncSession | None = data.get("session")
        if session is not None and get_flag(data, _FLAG) and not _connected(session):
            session.info[_FLAG] = True
            await session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
        return await handler(event, data)


def _connected(session: AsyncSession) -> bool:
    """Whether a statement already ran (who the sender is, on a cold staff directory): its
    transaction is then open, and the handler reads on in it."""
    transaction = session.sync_session.get_transaction()
    return transaction is not None and bool(transaction.connections)


@event.listens_for(Session, "before_flush")
def _refuse_writes(session: Session, _flush: UOWTransaction, _instances: object) -> None:
    if session.info.get(_FLAG) and (session.new or session.dirty or session.deleted):
        raise RuntimeError("a handler flagged READS_ONLY tried to write")
