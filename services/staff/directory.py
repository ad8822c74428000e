"""Who a Telegram user is, kept between updates.

Every update needs its employee (and roles), and staff change a few times a month, so the
lookup — a round trip to the database, a fifth of a menu tap's time — is kept in memory.
Kept entries are checked against a staff *generation*:

* a staff use case that commits a change of an employee or a role (the bot, the CLI, an
  invite) tells it (`services.staff.changes`), and it is bumped, so this process reloads at
  once;
* with Redis the generation is a shared counter: the other bot processes see the bump on
  their next update (it is read in the same round trip as the update's dedupe claim);
  `stobot staff` bumps it as well;
* a change made behind the ORM's back (hand-written SQL) is seen within `ttl_s` anyway.

Each update gets its own copy of the employee, merged into its session without a query, so
handlers and services use it as if they had loaded it.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from itertools import chain
from typing import Any, Generic, Protocol, TypeVar

import structlog
from redis.asyncio import Redis
from redis.exceptions import RedisError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session, make_transient_to_detached

from services.staff import changes as staff_changes
from services.staff.roster import Roster, StaffMember, load_roster, read_members
from services.staff.service import StaffService
from services.storage import prefetch
from services.storage.models import Employee, EmployeeRole

log = structlog.get_logger(__name__)

T = TypeVar("T")

DEFAULT_TTL_S = 30.0
# In the update's Session.info: the directory and the generation it checked for this update.
_CHECKED = "stobot_staff_checked"


class Generation(Protocol):
    async def current(self) -> int | None:
        """The staff generation now; None when it cannot be known (then nothing is kept)."""

    def bump(self) -> None:
        """Staff changed in this process (called right after the commit, synchronously)."""


class LocalGeneration:
    """One process (memory FSM storage): a counter of its own."""

    def __init__(self) -> None:
        self.value = 0

    async def current(self) -> int | None:
        return self.value

    def bump(self) -> None:
        self.value += 1


def generation_key(bot_id: int | str) -> str:
    return f"stobot:staff-generation:{bot_id}"


async def announce_staff_change(redis: Redis, bot_id: int | str) -> None:
    """For a process that changed staff without a directory of its own (`stobot staff`)."""
    await redis.incr(generation_key(bot_id))


class RedisGeneration:
    """Shared by every bot process through one Redis counter."""

    def __init__(self, redis: Redis, key: str) -> None:
        self.redis = redis
        self.key = key
        self.local = 0  # this process's own bumps count at once, before Redis has them
        self._pending: set[asyncio.Task[None]] = set()

    async def current(self) -> int | None:
        found, value = prefetch.take(self.key)  # read with the update's claim, usually
        if not found:
            try:
                value = await self.redis.get(self.key)
            except RedisError:
                return None  # Redis away: look the employee up every time
        return (int(value) if value is not None else 0) * 1_000_000 + self.local

    def bump(self) -> None:
        self.local += 1
        try:
            task = asyncio.get_running_loop().create_task(self._incr())
        except RuntimeError:  # no loop running (a sync script): the TTL covers the others
            return
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def _incr(self) -> None:
        try:
            await self.redis.incr(self.key)
        except RedisError:
            log.warning("staff.generation_unavailable")


@dataclass(frozen=True)
class _Kept(Generic[T]):
    """A value read at `loaded_at` under staff generation `generation`."""

    value: T
    generation: int
    loaded_at: float


class StaffDirectory:
    def __init__(
        self,
        generation: Generation,
        ttl_s: float = DEFAULT_TTL_S,
        size: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.generation = generation
        self.ttl_s = ttl_s
        self.size = size
        self.clock = clock
        self._entries: OrderedDict[int, _Kept[Employee | None]] = OrderedDict()
        self._roster: _Kept[Roster] | None = None
        staff_changes.listen(self)

    async def by_telegram_id(self, session: AsyncSession, telegram_id: int) -> Employee | None:
        generation = await self.generation.current()
        now = self.clock()
        if generation is not None:
            session.info[_CHECKED] = (self, generation)
        entry = self._entries.get(telegram_id)
        if entry is not None and generation is not None and self._fresh(entry, generation, now):
            if entry.value is None:
                return None
            return await session.merge(entry.value, load=False)
        employee = await StaffService(session).by_telegram_id(telegram_id)
        if generation is not None:
            self._keep(telegram_id, _Kept(_snapshot(employee), generation, now))
        return employee

    async def roster(self, session: AsyncSession, generation: int) -> Roster:
        """The whole staff as of `generation` (the one this update checked)."""
        kept, now = self._roster, self.clock()
        if kept is not None and self._fresh(kept, generation, now):
            return kept.value
        roster = await load_roster(session)
        self._roster = _Kept(roster, generation, now)
        return roster

    def changed(self) -> None:
        self._entries.clear()
        self._roster = None
        self.generation.bump()

    def _fresh(self, kept: _Kept[Any], generation: int, now: float) -> bool:
        """Read under this generation, and recently enough to cover changes behind the ORM."""
        return kept.generation == generation and now - kept.loaded_at < self.ttl_s

    def _keep(self, telegram_id: int, entry: _Kept[Employee | None]) -> None:
        self._entries[telegram_id] = entry
        self._entries.move_to_end(telegram_id)
        if len(self._entries) > self.size:
            self._entries.popitem(last=False)


def _snapshot(employee: Employee | None) -> Employee | None:
    """A detached copy of the loaded columns and roles, shared by no session."""
    if employee is None:
        return None
    copy = Employee(**_columns(employee))
    copy.roles = [EmployeeRole(**_columns(role)) for role in employee.roles]
    for role in copy.roles:
        make_transient_to_detached(role)
    make_transient_to_detached(copy)
    return copy


def _columns(obj: Any) -> dict[str, Any]:
    return {c.key: getattr(obj, c.key) for c in obj.__mapper__.column_attrs}


async def roster_of(session: AsyncSession) -> Roster | None:
    """The staff as this update's directory knows it; None where no directory checked the
    generation for this session, or where the session itself has changed staff and not
    committed yet (only its own reads see that): the caller reads then."""
    checked = session.info.get(_CHECKED)
    if (
        checked is None
        or staff_changes.is_changing(session)
        or _touches_staff(session.sync_session)
    ):
        return None
    directory, generation = checked
    return await directory.roster(session, generation)


async def members_of(session: AsyncSession, ids: set[int]) -> dict[int, StaffMember]:
    """The people `ids` (the unknown left out): from the staff roster this update checked,
    else read."""
    roster = await roster_of(session)
    known = roster.people(ids) if roster is not None else None
    if known is not None:
        return known
    return await read_members(session, ids)


def _touches_staff(session: Session) -> bool:
    """Staff changed in the session and not flushed yet."""
    for obj in chain(session.new, session.deleted):
        if isinstance(obj, Employee | EmployeeRole):
            return True
    return any(
        isinstance(obj, Employee | EmployeeRole) and session.is_modified(obj)
        for obj in session.dirty
    )
