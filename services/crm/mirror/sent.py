"""Which deal stages the bot has sent, kept on the order (`Order.crm_stages_sent`), so a
stage read back from the portal can be told apart from a person's move, and so a deal sync
carries STAGE_ID only when the order's stage is not the one the deal already has from us
(a sync of other fields must not overwrite a move a person made meanwhile).

The list is a few STAGE_IDs, oldest first, the last one current. It is written in the
transaction that takes the sync, before the write leaves, so it is there while the write is
in flight; a try that failed marks its stage "~" (may not have landed): the next sync sends
it again. Kept on the order, it survives the outbox's pruning, restarts, other processes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.crm.outbox.kinds import Entity, Kind
from services.orders.stages import Stage
from services.storage.models import Order

if TYPE_CHECKING:  # the mirror's modules import services.orders, which imports this one
    from services.crm.mirror.claims import Message
    from services.crm.mirror.mapping import PortalMapping
    from services.crm.mirror.snapshot import Snapshot

UNSURE = "~"
KEEP = 6  # enough for every write whose echo may still be on its way


def stages(raw: str | None) -> list[str]:
    return (raw or "").split()


def current(raw: str | None) -> str | None:
    """The stage the deal has from our last write, None if that may not have landed."""
    found = stages(raw)
    return found[-1] if found and not found[-1].startswith(UNSURE) else None


def with_sent(raw: str | None, status_id: str) -> str:
    """`raw` with `status_id` as the current stage."""
    kept = [s for s in stages(raw) if s.lstrip(UNSURE) != status_id]
    return " ".join([*kept, status_id][-KEEP:])


def unsure(raw: str | None) -> str | None:
    """`raw` with its current stage marked as maybe not on the deal: the next sync sends it."""
    found = stages(raw)
    if not found or found[-1].startswith(UNSURE):
        return raw
    return " ".join([*found[:-1], UNSURE + found[-1]])


def is_ours(raw: str | None, status_id: str | None, by_webhook: bool) -> bool:
    """The deal's stage is a write of ours coming back: the one we sent last (whoever the
    portal names, it is equal to ours), or an earlier one the webhook's user set. Before these
    were kept (`raw` None) the webhook's user vouches alone."""
    found = [s.lstrip(UNSURE) for s in stages(raw)]
    if found and status_id == found[-1]:
        return True
    return by_webhook and (raw is None or status_id in found)


async def note_sending(
    session: AsyncSession,
    mapping: PortalMapping,
    snapshot: Snapshot,
    groups: Mapping[tuple[Entity, int], Sequence[Message]],
) -> frozenset[int]:
    """Note the stage each taken deal sync will carry; the orders whose sync carries one."""
    wanted: dict[int, str] = {}
    for (entity, entity_id), messages in groups.items():
        order = snapshot.orders.get(entity_id) if entity is Entity.ORDER else None
        status = mapping.stages.get(Stage(order.stage)) if order is not None else None
        if status is not None and any(m.kind is Kind.DEAL_SYNC for m in messages):
            wanted[entity_id] = status
    if not wanted:
        return frozenset()
    rows = await session.execute(
        select(Order.id, Order.crm_stages_sent)
        .where(Order.id.in_(wanted))
        .order_by(Order.id)  # one lock order for every process: no deadlock
        .with_for_update()  # an inbound applier may be changing them
    )
    carrying: set[int] = set()
    for order_id, raw in rows.all():
        if current(raw) != wanted[order_id]:
            carrying.add(order_id)
            await _set(session, order_id, with_sent(raw, wanted[order_id]))
    return frozenset(carrying)


async def not_sent(session: AsyncSession, order_ids: Iterable[int]) -> None:
    """The syncs that carried these orders' stages failed: send the stages again."""
    ids = list(order_ids)
    if not ids:
        return
    rows = await session.execute(
        select(Order.id, Order.crm_stages_sent)
        .where(Order.id.in_(ids))
        .order_by(Order.id)
        .with_for_update()
    )
    for order_id, raw in rows.all():
        await _set(session, order_id, unsure(raw))


async def _set(session: AsyncSession, order_id: int, raw: str | None) -> None:
    await session.execute(
        update(Order)
        .where(Order.id == order_id)
        .values(crm_stages_sent=raw)
        .execution_options(synchronize_session=False)
    )
