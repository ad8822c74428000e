"""The text of a step's timeline comment, from the facts the outbox row kept (see
`services.outbox.events`). Rendered when sent, in the shop's language."""

from __future__ import annotations

from typing import Any

from services.mirror.context import Texts
from services.mirror.markup import neutralise

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


def comment_text(texts: Texts, payload: dict[str, Any]) -> str:
    # Every argument is people's text (names, parts, vendors, reasons): never markup there.
    lines = [texts("mirror-comment-actor", name=neutralise(str(payload.get("actor") or "")))]
    for action in payload.get("actions") or []:
        name = str(action.get("action", ""))
        key = ACTION_KEYS.get(name, "mirror-action-other")
        if key is None:
            continue
        args = {
            k: "" if v is None else neutralise(str(v)) for k, v in action.items() if k != "action"
        }
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
