"""The relay: takes due outbox messages, sends them through the pipe, records what happened.

One cycle takes up to `window` messages (leased, see `claims`), reads the entities they name,
runs one sync per entity concurrently (the pipe packs their calls into full batches), then
writes the Bitrix24 ids learnt and each message's outcome in one transaction. It runs beside
the bot, never inside a shop user's action, so a slow or absent portal delays only the mirror.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

import structlog
from sqlalchemy import exists, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.clock import Clock, system_clock
from services.crm.bitrix24 import Bitrix24Client, Bitrix24Error, Bitrix24NetworkError, NotExecuted
from services.crm.mirror import claims
from services.crm.mirror.cars import sync_car
from services.crm.mirror.claims import Factory, Message
from services.crm.mirror.comments import post_comment, post_media
from services.crm.mirror.contacts import sync_contact
from services.crm.mirror.context import Cycle, Links, MediaSource, ShopFormat, Texts
from services.crm.mirror.deals import claim_deal, sync_deal
from services.crm.mirror.mapping import load_mapping
from services.crm.mirror.outcomes import Outcome, Policy, behind_parked, outcome_of
from services.crm.mirror.pipe import Pipe
from services.crm.mirror.sent import not_sent, note_sending
from services.crm.mirror.snapshot import Snapshot, load_snapshot
from services.crm.mirror.tasks import sync_task
from services.crm.outbox.kinds import STATE_KINDS, Entity, Kind
from services.crm.outbox.writer import PARKED, PENDING
from services.storage import unit_of_work
from services.storage.models import Car, Client, Order, OutboxMessage, StageTask

log = structlog.get_logger(__name__)

_SYNC_OF = {Entity.CLIENT: Kind.CONTACT_SYNC, Entity.CAR: Kind.CAR_SYNC}
_SYNC_OF |= {Entity.ORDER: Kind.DEAL_SYNC, Entity.TASK: Kind.TASK_SYNC}
_LINK_COLUMN = {
    Entity.CLIENT: (Client, Client.bitrix_contact_id),
    Entity.CAR: (Car, Car.bitrix_item_id),
    Entity.ORDER: (Order, Order.bitrix_deal_id),
    Entity.TASK: (StageTask, StageTask.bitrix_task_id),
}
NOT_SET_UP = "Bitrix24 is not set up yet: run `stobot b24 setup`"


@dataclass
class RelayConfig:
    window: int = 2000  # messages per cycle
    lease: timedelta = timedelta(minutes=20)  # longer than any cycle; then another may take
    idle_poll: float = 2.0  # seconds between looks at an empty queue
    keep_done: timedelta = timedelta(days=7)  # sent messages are deleted after this
    tries_in_cycle: int = 3  # a lost answer is tried again at once, this often in all
    again_delay: float = 0.5
    policy: Policy = field(default_factory=Policy)


@dataclass
class CycleReport:
    taken: int = 0
    done: int = 0
    retried: int = 0
    parked: int = 0
    waiting: int = 0


class Relay:
    def __init__(
        self,
        factory: Factory,
        client: Bitrix24Client,
        texts: Texts,
        *,
        media: MediaSource | None = None,
        shop: ShopFormat | None = None,
        config: RelayConfig | None = None,
        clock: Clock = system_clock,
        owner: str | None = None,
    ) -> None:
        self.factory = factory
        self.client = client
        self.texts = texts
        self.media = media
        self.shop = shop or ShopFormat()
        self.config = config or RelayConfig()
        self.clock = clock
        self.owner = owner or f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"
        self.pipe = Pipe(client)
        # The portal was down in the last cycle: one cheap request per `down_delay` until
        # it answers, instead of whole cycles of messages failing against it.
        self._down = False
        self._probe_at = 0.0

    async def close(self) -> None:
        await self.pipe.close()

    async def run_forever(self, stop: asyncio.Event) -> None:
        """Cycles until `stop` is set; an unexpected error is logged and the loop goes on."""
        pruned_at = 0.0
        loop = asyncio.get_running_loop()
        while not stop.is_set():
            if loop.time() - pruned_at > 3600:
                pruned_at = loop.time()
                with contextlib.suppress(Exception):
                    await claims.prune(self.factory, self.clock() - self.config.keep_done)
            try:
                report = await self.run_once()
            except Exception:
                log.exception("mirror_cycle_failed")
                report = CycleReport()
            if report.taken == 0:
                pause = self.config.policy.down_delay if self._down else self.config.idle_poll
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), pause)

    async def drain(self, *, max_cycles: int = 100) -> CycleReport:
        """Run cycles until none takes anything (tests, benchmarks, the command line)."""
        total = CycleReport()
        for _ in range(max_cycles):
            report = await self.run_once()
            if report.taken == 0:
                break
            for name in vars(total):
                setattr(total, name, getattr(total, name) + getattr(report, name))
        return total

    async def run_once(self) -> CycleReport:
        if self._down and not await self._portal_back():
            return CycleReport()
        now = self.clock()
        taken = await claims.claim(
            self.factory, self.owner, now, limit=self.config.window, lease=self.config.lease
        )
        report = CycleReport(taken=len(taken))
        if not taken:
            return report
        groups: dict[tuple[Entity, int], list[Message]] = defaultdict(list)
        for message in taken:
            groups[(Entity(message.entity_type), message.entity_id)].append(message)
        async with self.factory() as session:
            mapping = await load_mapping(session)
            snapshot = await _snapshot(session, groups)
            stage_for: frozenset[int] = frozenset()
            if mapping is not None:
                # Before the writes leave: an event they cause may be read while in flight.
                stage_for = await note_sending(session, mapping, snapshot, groups)
            await unit_of_work.commit(session)
        if mapping is None:
            waits = {m.id: (60.0, NOT_SET_UP) for m in taken}
            await claims.finish(self.factory, self.clock(), wait=waits)
            report.waiting = len(waits)
            return report
        links = _links(snapshot, groups)
        cycle = Cycle(
            self.pipe, mapping, snapshot, links, self.texts, self.media, self.shop, stage_for
        )
        outcomes = await self._outcomes(cycle, groups)
        unsent = _stage_unsent(groups, stage_for, cycle.stage_landed, outcomes)
        await self._record(links, outcomes, report, unsent)
        return report

    async def _outcomes(
        self, cycle: Cycle, groups: dict[tuple[Entity, int], list[Message]]
    ) -> dict[int, Outcome | None]:
        """Every message's outcome; with the portal down, the relay waits for it."""
        results = await asyncio.gather(
            *(self._group(cycle, key, messages) for key, messages in groups.items())
        )
        outcomes: dict[int, Outcome | None] = {}
        for result in results:
            outcomes |= result
        if any(o is not None and o.down for o in outcomes.values()):
            log.warning("mirror_portal_down", portal=self.client.portal)
            self._down = True
            self._probe_at = asyncio.get_running_loop().time() + self.config.policy.down_delay
            # What waits behind a message the outage stopped comes back with the portal too.
            outcomes = {i: _back_with_portal(o, self.config.policy) for i, o in outcomes.items()}
        return outcomes

    async def _portal_back(self) -> bool:
        loop = asyncio.get_running_loop()
        if loop.time() < self._probe_at:
            return False
        if await self.client.reachable():
            log.info("mirror_portal_back", portal=self.client.portal)
            self._down = False
            return True
        self._probe_at = loop.time() + self.config.policy.down_delay
        return False

    async def _group(
        self, cx: Cycle, key: tuple[Entity, int], messages: list[Message]
    ) -> dict[int, Outcome | None]:
        """One entity's messages in order: its sync first (once, with the current state), then
        its events; after a failure the rest wait, so order is kept."""
        entity, entity_id = key
        syncs = [m for m in messages if m.kind in STATE_KINDS]
        events = [m for m in messages if m.kind not in STATE_KINDS]
        out: dict[int, Outcome | None] = {}
        failed: Outcome | None = None
        if syncs:
            try:
                await self._again(lambda _retried: self._sync(cx, entity, entity_id))
            except Exception as exc:  # classified below, never lost
                failed = outcome_of(exc, max(m.attempts for m in syncs), self.config.policy)
                _log_failure(syncs[0], failed, exc)
            finally:
                # Whatever happened, nobody may wait for this entity any longer.
                cx.links.give_up(entity, entity_id)
            for m in syncs:
                out[m.id] = failed
        for m in events:
            if failed is not None:
                # Kept for after the failed one, so the entity's order holds.
                delay = max(failed.delay, self.config.policy.wait_delay)
                out[m.id] = Outcome("wait", failed.reason, delay, (entity, entity_id))
                continue
            try:
                handler = _EVENT[m.kind]
                await self._again(lambda retried, h=handler, m=m: h(cx, entity_id, m, retried))
                out[m.id] = None
            except Exception as exc:
                failed = outcome_of(exc, m.attempts, self.config.policy)
                _log_failure(m, failed, exc)
                out[m.id] = failed
        return out

    async def _again(self, attempt: Callable[[bool], Awaitable[None]]) -> None:
        """Run `attempt`, and again within this cycle after an answer that was lost (a 500,
        a dropped connection): the syncs look up before creating, so a second try is safe,
        and it travels in the same full batches as everything else instead of a lone retry
        cycle later."""
        for n in range(self.config.tries_in_cycle):
            try:
                await attempt(n > 0)
                return
            except Bitrix24Error as exc:
                if n + 1 >= self.config.tries_in_cycle or not _lost_answer(exc):
                    raise
                log.info("mirror_retry_in_cycle", error=str(exc), attempt=n + 1)
                await asyncio.sleep(self.config.again_delay * (n + 1))

    async def _sync(self, cx: Cycle, entity: Entity, entity_id: int) -> None:
        snap = cx.snapshot
        if entity is Entity.CLIENT and entity_id in snap.clients:
            await sync_contact(cx, snap.clients[entity_id])
        elif entity is Entity.CAR and entity_id in snap.cars:
            await sync_car(cx, snap.cars[entity_id])
        elif entity is Entity.ORDER and entity_id in snap.orders:
            await sync_deal(cx, snap.orders[entity_id])
        elif entity is Entity.TASK and entity_id in snap.tasks:
            await sync_task(cx, snap.tasks[entity_id])
        # An entity deleted from our database since: nothing left to send.

    async def _record(
        self,
        links: Links,
        outcomes: dict[int, Outcome | None],
        report: CycleReport,
        unsent: set[int],
    ) -> None:
        async with self.factory() as session:
            outcomes = await _park_behind_parked(session, outcomes)
        done = [i for i, o in outcomes.items() if o is None]
        retry = {i: (o.delay, o.reason) for i, o in outcomes.items() if o and o.action == "retry"}
        wait = {i: (o.delay, o.reason) for i, o in outcomes.items() if o and o.action == "wait"}
        park = {i: o.reason for i, o in outcomes.items() if o and o.action == "park"}
        now = self.clock()
        async with self.factory() as session:
            for (entity, entity_id), bitrix_id in links.found.items():
                model, column = _LINK_COLUMN[entity]
                await session.execute(
                    update(model)
                    .where(model.id == entity_id)
                    .values({column: bitrix_id})
                    .execution_options(synchronize_session=False)
                )
            await claims.finish(
                self.factory, now, done=done, retry=retry, park=park, wait=wait, session=session
            )
            await _queue_missing(session, links, now)
            await not_sent(session, unsent)
            await unit_of_work.commit(session)
        report.done, report.retried = len(done), len(retry)
        report.parked, report.waiting = len(park), len(wait)


def _back_with_portal(outcome: Outcome | None, policy: Policy) -> Outcome | None:
    if outcome is None or outcome.action != "wait" or outcome.delay <= policy.down_delay:
        return outcome
    return replace(outcome, delay=policy.down_delay)


def _lost_answer(exc: Bitrix24Error) -> bool:
    """The call may have run but its answer is lost, and trying again now is safe."""
    if isinstance(exc, NotExecuted):
        return True
    if isinstance(exc, Bitrix24NetworkError):
        # Refused: the portal is down (the client retried already). Timed out: the portal may
        # still be running the call, so a look-up now could miss it (see `outcomes`).
        return exc.maybe_executed and not exc.timed_out
    return exc.maybe_executed


_EVENT: dict[Kind, Callable[[Cycle, int, Message, bool], Awaitable[None]]] = {
    Kind.DEAL_COMMENT: post_comment,
    Kind.DEAL_MEDIA: post_media,
    Kind.DEAL_CLAIM: claim_deal,
}


async def _snapshot(
    session: AsyncSession, groups: dict[tuple[Entity, int], list[Message]]
) -> Snapshot:
    ids: dict[Entity, set[int]] = defaultdict(set)
    for entity, entity_id in groups:
        ids[entity].add(entity_id)
    return await load_snapshot(
        session,
        client_ids=ids[Entity.CLIENT],
        car_ids=ids[Entity.CAR],
        order_ids=ids[Entity.ORDER],
        task_ids=ids[Entity.TASK],
    )


def _links(snapshot: Snapshot, groups: dict[tuple[Entity, int], list[Message]]) -> Links:
    links = Links()
    for c in snapshot.clients.values():
        links.known[(Entity.CLIENT, c.id)] = c.contact_id
    for car in snapshot.cars.values():
        links.known[(Entity.CAR, car.id)] = car.item_id
    for o in snapshot.orders.values():
        links.known[(Entity.ORDER, o.id)] = o.deal_id
    for t in snapshot.tasks.values():
        links.known[(Entity.TASK, t.id)] = t.task_id
    for (entity, entity_id), messages in groups.items():
        if any(m.kind in STATE_KINDS for m in messages):
            links.expect(entity, entity_id)
    return links


async def _parked_syncs(
    session: AsyncSession, keys: set[tuple[Entity, int]]
) -> set[tuple[Entity, int]]:
    found: set[tuple[Entity, int]] = set()
    for entity, entity_id in keys:
        parked = await session.scalar(
            select(
                exists().where(
                    OutboxMessage.kind == _SYNC_OF[entity].value,
                    OutboxMessage.entity_id == entity_id,
                    OutboxMessage.status == PARKED,
                )
            )
        )
        if parked:
            found.add((entity, entity_id))
    return found


async def _park_behind_parked(
    session: AsyncSession, outcomes: dict[int, Outcome | None]
) -> dict[int, Outcome | None]:
    """A message waiting for an entity whose own sync is parked would wait for ever: it is
    parked too, saying why, and comes back with it when the director retries."""
    needs = {o.needs for o in outcomes.values() if o and o.action == "wait" and o.needs}
    parked = await _parked_syncs(session, needs)
    if not parked:
        return outcomes
    changed = dict(outcomes)
    for message_id, o in outcomes.items():
        if o and o.action == "wait" and o.needs in parked:
            entity, entity_id = o.needs
            changed[message_id] = Outcome("park", behind_parked(entity.value, entity_id))
    return changed


async def _queue_missing(session: AsyncSession, links: Links, now: datetime) -> None:
    """A needed entity nobody is sending (linked before the portal was set up, or its own sync
    was parked and retried away): queue its sync, unless one is pending already."""
    for entity, entity_id in sorted(links.missing):
        kind = _SYNC_OF[entity]
        # A parked sync is the director's to retry; another copy would only park again.
        there = await session.scalar(
            select(
                exists().where(
                    OutboxMessage.kind == kind.value,
                    OutboxMessage.entity_id == entity_id,
                    OutboxMessage.status.in_((PENDING, PARKED)),
                )
            )
        )
        if not there:
            session.add(
                OutboxMessage(
                    kind=kind.value,
                    entity_type=entity.value,
                    entity_id=entity_id,
                    status=PENDING,
                    attempts=0,
                    created_at=now,
                    next_attempt_at=now,
                )
            )


def _log_failure(message: Message, outcome: Outcome, exc: BaseException) -> None:
    log.warning(
        "mirror_message_failed",
        message_id=message.id,
        kind=message.kind.value,
        entity=message.entity_type,
        entity_id=message.entity_id,
        attempts=message.attempts,
        action=outcome.action,
        reason=outcome.reason,
        error_type=type(exc).__name__,
    )


def _stage_unsent(
    groups: dict[tuple[Entity, int], list[Message]],
    stage_for: frozenset[int],
    landed: set[int],
    outcomes: dict[int, Outcome | None],
) -> set[int]:
    """Orders whose stage the next sync sends again.

    A stage whose write failed may not be on the deal: the next sync sends it again. One that
    landed beside a failed command is not: sent again, it would overwrite a move a person made
    in the CRM meanwhile."""
    return {
        entity_id
        for (entity, entity_id), messages in groups.items()
        if entity_id in stage_for and entity is Entity.ORDER and entity_id not in landed
        for m in messages
        if m.kind is Kind.DEAL_SYNC and outcomes.get(m.id) is not None
    }
