"""What happened in the current transaction, for the step's timeline comment.

Use cases already write an audit row per action and a transition row per move; the comment is
built from those rather than from a second, parallel description. They may be flushed before
the use case finishes (opening a task flushes), so a flush listener keeps them per session
until the transaction ends. Only sessions with the outbox on pay for this.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session, SessionTransaction

from services import audit
from services.outbox.writer import INFO_KEY
from services.storage.models import AuditEvent, StageTransition

_STEP_KEY = "outbox_step"
_TRACKED = (AuditEvent, StageTransition)


@event.listens_for(Session, "before_flush")
def _remember(session: Session, _context: Any, _instances: Any) -> None:
    if session.info.get(INFO_KEY):
        seen = session.info.setdefault(_STEP_KEY, [])
        seen.extend(o for o in session.new if isinstance(o, _TRACKED) and o not in seen)


@event.listens_for(Session, "after_transaction_end")
def _forget(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop(_STEP_KEY, None)


def step_rows(session: AsyncSession) -> list[AuditEvent | StageTransition]:
    """Audit and transition rows written so far in this transaction, in order (audit rows
    wait for the commit: `services.audit`)."""
    seen: list[Any] = list(session.info.get(_STEP_KEY, []))
    seen += [o for o in session.new if isinstance(o, _TRACKED) and o not in seen]
    return seen + audit.pending(session)
