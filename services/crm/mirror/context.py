"""What every sync of one relay cycle shares: the pipe, the mapping, the snapshot, the links.

A sync that needs another entity's Bitrix24 id (a deal needs its contact and car) asks
`links`: an id already stored comes back at once; one being created in this cycle is awaited;
one nobody is creating makes the sync wait (`Waiting`) for a later cycle.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from services.crm.mirror.mapping import PortalMapping
from services.crm.mirror.pipe import Pipe
from services.crm.mirror.snapshot import Snapshot
from services.crm.outbox.kinds import Entity


class Texts(Protocol):
    """Localised text for what the portal shows (titles, comments): key and arguments."""

    def __call__(self, key: str, **args: Any) -> str: ...


@dataclass(frozen=True)
class ShopFormat:
    """How the portal's texts show dates, as the bot does: the language of `Texts` and the
    shop's time zone (the defaults are the shop settings' defaults)."""

    locale: str = "ru"
    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo("Europe/Moscow"))


class MediaSource(Protocol):
    """Fetches a Telegram file; None when it is larger than a bot may download (20 MB)."""

    async def fetch(self, file_id: str) -> bytes | None: ...


class Waiting(Exception):
    """A sync needs something that is not in Bitrix24 yet; try again a little later."""

    def __init__(self, reason: str, needs: tuple[Entity, int] | None = None) -> None:
        super().__init__(reason)
        self.needs = needs  # the entity waited for


class Refused(Exception):
    """The portal or our data says no, and retrying will not change it (parks the message)."""


@dataclass
class Links:
    """Bitrix24 ids per entity: known ones, and futures for the ones this cycle creates."""

    known: dict[tuple[Entity, int], int | None] = field(default_factory=dict)
    pending: dict[tuple[Entity, int], asyncio.Future[int | None]] = field(default_factory=dict)
    # Ids learnt in this cycle, written back to our rows at its end.
    found: dict[tuple[Entity, int], int] = field(default_factory=dict)
    # Entities needed but not in Bitrix24 and not being sent: the relay queues a sync for them.
    missing: set[tuple[Entity, int]] = field(default_factory=set)
    # Created in this cycle: nothing of ours can hang on them yet, so no look-up is needed...
    created: set[tuple[Entity, int]] = field(default_factory=set)
    # ...unless we already tried to create that very thing in this cycle.
    tried: set[tuple[Entity, int]] = field(default_factory=set)

    def expect(self, entity: Entity, entity_id: int) -> None:
        key = (entity, entity_id)
        if key not in self.pending:
            self.pending[key] = asyncio.get_running_loop().create_future()

    def learn(
        self, entity: Entity, entity_id: int, bitrix_id: int, *, created: bool = False
    ) -> None:
        key = (entity, entity_id)
        if created:
            self.created.add(key)
        if self.known.get(key) != bitrix_id:
            self.found[key] = bitrix_id
        self.known[key] = bitrix_id
        future = self.pending.get(key)
        if future is not None and not future.done():
            future.set_result(bitrix_id)

    def give_up(self, entity: Entity, entity_id: int) -> None:
        future = self.pending.get((entity, entity_id))
        if future is not None and not future.done():
            future.set_result(None)

    def current(self, entity: Entity, entity_id: int) -> int | None:
        """The id stored or learnt so far (a retry within the cycle sees what the try before
        it created)."""
        return self.known.get((entity, entity_id))

    async def need(self, entity: Entity, entity_id: int) -> int:
        key = (entity, entity_id)
        value = self.known.get(key)
        if value is None and key in self.pending:
            value = await self.pending[key]
        if value is None:
            if key not in self.pending:
                self.missing.add(key)
            raise Waiting(f"{entity.value} {entity_id} is not in Bitrix24 yet", key)
        return value


@dataclass
class Cycle:
    pipe: Pipe
    mapping: PortalMapping
    snapshot: Snapshot
    links: Links
    texts: Texts
    media: MediaSource | None = None
    shop: ShopFormat = field(default_factory=ShopFormat)
    # Orders whose deal sync carries STAGE_ID this cycle (`sent.note_sending`).
    stage_for: frozenset[int] = frozenset()
    # Of those, the ones whose deal add/update ran: the stage is on the deal even if a later
    # command of the same sync (product rows) failed.
    stage_landed: set[int] = field(default_factory=set)
