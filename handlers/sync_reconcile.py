"""The /sync screen's line about reconciliation: when it last ran and what it caught."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import L10n
from bot.render.formatting import format_local_datetime
from services.crm.inbound.reconcile import last_reconciliation

# What reconciliation counts → the words on the screen.
_CAUGHT_KEYS = {
    "order_created": "sync-caught-order",
    "stage_moved": "sync-caught-stage",
    "move_refused": "sync-caught-refused",
    "master_changed": "sync-caught-master",
    "phone_added": "sync-caught-phone",
    "car_vin": "sync-caught-car",
    "car_plate": "sync-caught-car",
    "money_restored": "sync-caught-money",
    "money_taken": "sync-caught-money-taken",
    "part_added": "sync-caught-part",
}


async def reconcile_line(session: AsyncSession, l10n: L10n, tz: ZoneInfo) -> str:
    last = await last_reconciliation(session)
    if last.at is None:
        return l10n("sync-reconcile-never")
    counts: dict[str, int] = {}
    for kind, count in last.caught.items():
        key = _CAUGHT_KEYS.get(kind)
        if key is not None and count:
            counts[key] = counts.get(key, 0) + int(count)
    caught = ", ".join(l10n.raw(key, count=n) for key, n in counts.items())
    return l10n(
        "sync-reconcile-last",
        at=format_local_datetime(last.at, tz, l10n.locale),
        caught=caught or l10n.raw("sync-reconcile-nothing"),
    )
