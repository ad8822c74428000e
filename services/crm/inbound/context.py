"""What every applier of a portal change shares: the portal, the mapping, whom to tell.

Events carry ids only, so each applier re-reads the entity from the portal (`Portal`) and
compares it with our rows. Our own writes come back as events too: they find the portal
already equal to our rows, and nothing happens, which is what ends the loop.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.alerts.config import WorkHours
from services.clock import Clock, system_clock
from services.crm.mirror.context import Texts
from services.crm.mirror.mapping import PortalMapping
from services.crm.outbox import PENDING, Entity, Kind
from services.orders.deadlines import DEFAULT_WORK_HOURS
from services.orders.notices import Notice
from services.storage.models import Employee, OutboxMessage

ECHO = "echo: our change is still being sent"


class Telling(Protocol):
    """How people hear about what a portal change did (Telegram, in the bot)."""

    async def notices(self, notices: Sequence[Notice]) -> None: ...

    async def refused(
        self,
        order_id: int,
        employee_ids: Sequence[int],
        target: str,
        key: str,
        params: Mapping[str, Any],
    ) -> None:
        """A move made in the CRM was not applied: `key`/`params` say why, `target` where to."""


class PortalReader(Protocol):
    async def call(self, method: str, params: Mapping[str, Any] | None = None) -> Any: ...


@dataclass
class Caught:
    """What one pass applied, by kind ("order created", "stage moved", ...), for /sync."""

    counts: dict[str, int] = field(default_factory=dict)

    def add(self, what: str) -> None:
        self.counts[what] = self.counts.get(what, 0) + 1

    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class Inbound:
    factory: async_sessionmaker[AsyncSession]
    portal: PortalReader
    mapping: PortalMapping
    texts: Texts
    telling: Telling
    clock: Clock = system_clock
    caught: Caught = field(default_factory=Caught)
    hours: WorkHours = DEFAULT_WORK_HOURS  # the shop's, for the deadlines of the tasks opened

    def stage_of(self, status_id: str | None) -> str | None:
        """Our stage for a deal's STATUS_ID, None for a stage not of our pipeline."""
        for stage, status in self.mapping.stages.items():
            if status == status_id:
                return stage.value
        return None


async def employee_for(session: AsyncSession, *user_ids: Any) -> Employee | None:
    """The active employee linked to the first of these Bitrix24 users that has one."""
    for user_id in user_ids:
        try:
            wanted = int(user_id)
        except (TypeError, ValueError):
            continue
        found = await session.scalar(
            select(Employee).where(Employee.bitrix_user_id == wanted, Employee.is_active.is_(True))
        )
        if found is not None:
            return found
    return None


async def in_flight(session: AsyncSession, entity: Entity, entity_id: int) -> bool:
    """Our own change of this entity is still waiting to be sent: the portal is about to be
    overwritten with it, so what the portal shows now is older than our rows (an echo)."""
    found = await session.scalar(
        select(OutboxMessage.id)
        .where(
            OutboxMessage.entity_type == entity.value,
            OutboxMessage.entity_id == entity_id,
            OutboxMessage.status == PENDING,
            OutboxMessage.kind.like("%.sync"),
        )
        .limit(1)
    )
    return found is not None


async def bot_wrote_meanwhile(session: AsyncSession, order_id: int, since: datetime) -> bool:
    """What the portal showed may be older than our rows: our change of the deal is waiting to
    be sent, or was queued or sent while we were reading the portal (`since`: before the read)."""
    if await in_flight(session, Entity.ORDER, order_id):
        return True
    found = await session.scalar(
        select(OutboxMessage.id)
        .where(
            OutboxMessage.entity_type == Entity.ORDER.value,
            OutboxMessage.entity_id == order_id,
            OutboxMessage.kind == Kind.DEAL_SYNC.value,
            or_(OutboxMessage.created_at >= since, OutboxMessage.done_at >= since),
        )
        .limit(1)
    )
    return found is not None
