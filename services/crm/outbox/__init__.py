"""The Bitrix24 outbox: rows written with each change, sent later by the relay.

`writer.enqueue` adds a row inside the caller's transaction (a no-op unless the session has
`info["outbox"]`); `writer` also says which rows each domain change writes (`order_step`).
"""

from services.crm.outbox.kinds import STATE_KINDS, Entity, Kind
from services.crm.outbox.writer import DONE, PARKED, PENDING, enqueue, is_enabled

__all__ = ["DONE", "PARKED", "PENDING", "STATE_KINDS", "Entity", "Kind", "enqueue", "is_enabled"]
