"""Staff changes told to whoever keeps staff in memory in this process (the staff directory).

A staff use case (adding, deactivating, a role, a Bitrix24 link, a language, a redeemed
invite) says `changing(session)` before it changes an employee or a role, and
`changed(session)` right after its commit. Until then only the session's own reads know the
change, so the directory's roster is not used for that session.
"""

from __future__ import annotations

import weakref
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

_CHANGING = "stobot_staff_changing"


class Listener(Protocol):
    def changed(self) -> None:
        """Staff changed in this process (called right after the commit, synchronously)."""


_listeners: weakref.WeakSet[Listener] = weakref.WeakSet()  # type: ignore[type-var]


def listen(listener: Listener) -> None:
    """Tell `listener` of every staff change committed in this process while it lives."""
    _listeners.add(listener)


def changing(session: AsyncSession) -> None:
    """The session's transaction changes staff: its reads alone see it until the commit."""
    session.info[_CHANGING] = True


def is_changing(session: AsyncSession) -> bool:
    return bool(session.info.get(_CHANGING))


def changed(session: AsyncSession) -> None:
    """The session committed a staff change: every listener of this process hears of it."""
    session.info.pop(_CHANGING, None)
    for listener in list(_listeners):
        listener.changed()
