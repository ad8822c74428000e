"""The text of a step's timeline comment, from the facts the outbox row kept (see
`services.crm.outbox.writer`). Rendered when sent, in the shop's language."""

from __future__ import annotations

import re
from typing import Any

from services.audit.facts import format_fact
from services.crm.mirror.context import ShopFormat, Texts
from services.crm.mirror.markup import neutralise

# Audit action → the comment line; the line's arguments are the action's details.
ACTION_KEYS = {
    "order.created": "mirror-action-order-created",
    "part.priced": "mirror-action-part-priced",
    "part.unavailable": "mirror-action-part-unavailable",
    "part.added": "mirror-action-part-added",
    "work.added": "mirror-action-work-added",
    "work.removed": "mirror-action-work-removed",
    "labour.approved": "mirror-action-labour-approved",
    "client.approved": "mirror-action-client-approved",
    "part.ordered": "mirror-action-part-ordered",
    "part.received": "mirror-action-part-received",
    "order.done": "mirror-action-order-done",
    # Cancellations, back moves and the director's moves say it all in their move line.
    "order.cancelled": None,
    "order.moved_back": None,
    "order.forced": None,
}
# An audit action with no line of its own ("order.master_changed"): its code is no sentence.
_ACTION_CODE = re.compile(r"[a-z_]+(?:\.[a-z_]+)+")


def comment_text(texts: Texts, payload: dict[str, Any], shop: ShopFormat | None = None) -> str:
    shop = shop or ShopFormat()
    # Every argument is people's text (names, parts, vendors, reasons): never markup there.
    lines = [texts("mirror-comment-actor", name=neutralise(str(payload.get("actor") or "")))]
    for action in payload.get("actions") or []:
        name = str(action.get("action", ""))
        key = ACTION_KEYS.get(name, "mirror-action-other")
        if key is None or (key == "mirror-action-other" and _ACTION_CODE.fullmatch(name)):
            continue
        args = {k: _shown(k, v, shop) for k, v in action.items() if k != "action"}
        if key == "mirror-action-part-received" and not args.get("received"):
            # Queued before the running count was kept: the receipt alone, no «теперь  из 2».
            key = "mirror-action-part-received-amount"
        # A free sentence (from the two-way sync) carries people's names inside it.
        shown = neutralise(name) if key == "mirror-action-other" else name
        lines.append(texts(key, action=shown, **args))
    for move in payload.get("moves") or []:
        target = texts(f"stage-{move['to']}")
        if move.get("from"):
            lines.append(texts("mirror-move", source=texts(f"stage-{move['from']}"), target=target))
        else:
            lines.append(texts("mirror-move-first", target=target))
        if move.get("reason"):
            lines.append(texts("mirror-move-reason", reason=neutralise(str(move["reason"]))))
    return "\n".join(lines)


def _shown(name: str, value: Any, shop: ShopFormat) -> str:
    if value is None:
        return ""
    # Not a fact of a usual shape: shown as it was written.
    return format_fact(name, value, shop.tz, shop.locale) or neutralise(str(value))
