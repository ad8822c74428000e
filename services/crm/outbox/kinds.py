"""What the outbox carries: message kinds and the entities they belong to.

State-based kinds ("sync") name an entity only; the relay reads the entity's current state when
it sends, so several pending syncs of one entity collapse into one call and a retry is harmless.
Event-based kinds carry their content in `payload`, fixed when the step happened (a timeline
comment says what was done then, not what the order looks like now).
"""

from __future__ import annotations

from enum import StrEnum


class Entity(StrEnum):
    CLIENT = "client"
    CAR = "car"
    ORDER = "order"
    TASK = "stage_task"


class Kind(StrEnum):
    CONTACT_SYNC = "contact.sync"  # client → contact (state)
    CAR_SYNC = "car.sync"  # car → smart-process item (state)
    DEAL_SYNC = "deal.sync"  # order → deal, stage, total, product rows (state)
    TASK_SYNC = "task.sync"  # stage task → task, completed when done (state)
    DEAL_COMMENT = "deal.comment"  # a step's timeline comment on the deal (event)
    DEAL_MEDIA = "deal.media"  # a photo or video of the order attached to the deal (event)
    DEAL_CLAIM = "deal.claim"  # a deal made in the CRM gets our ids, once (event)


STATE_KINDS = frozenset({Kind.CONTACT_SYNC, Kind.CAR_SYNC, Kind.DEAL_SYNC, Kind.TASK_SYNC})

ENTITY_OF: dict[Kind, Entity] = {
    Kind.CONTACT_SYNC: Entity.CLIENT,
    Kind.CAR_SYNC: Entity.CAR,
    Kind.DEAL_SYNC: Entity.ORDER,
    Kind.TASK_SYNC: Entity.TASK,
    Kind.DEAL_COMMENT: Entity.ORDER,
    Kind.DEAL_MEDIA: Entity.ORDER,
    Kind.DEAL_CLAIM: Entity.ORDER,
}
