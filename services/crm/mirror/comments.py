"""A step's timeline comment and the order's photos and videos, on the deal.

Comments have no id of ours. After a failure that may have posted one (a 500, a dropped
connection) the retry first reads the deal's newest comments and skips posting when the same
text is already there.
"""

from __future__ import annotations

import base64
from typing import Any

from services.crm.mirror.claims import Message
from services.crm.mirror.context import Cycle
from services.crm.mirror.texts import comment_text
from services.crm.outbox.kinds import Entity

# Telegram lets a bot download files up to 20 MB (without a local Bot API server).
TELEGRAM_DOWNLOAD_LIMIT = 20 * 1024 * 1024
_EXTENSIONS = {"photo": "jpg", "video": "mp4"}
_MEDIA_KEYS = {
    "photo": "mirror-media-photo",
    "video": "mirror-media-video",
    "document": "mirror-media-document",
}


async def post_comment(cx: Cycle, order_id: int, message: Message, retried: bool) -> None:
    deal_id = await cx.links.need(Entity.ORDER, order_id)
    text = comment_text(cx.texts, message.payload or {}, cx.shop)
    if (retried or message.attempts > 1) and await _already_there(cx, deal_id, text):
        return
    await cx.pipe.call("crm.timeline.comment.add", {"fields": _fields(deal_id, text)})


async def post_media(cx: Cycle, order_id: int, message: Message, retried: bool) -> None:
    deal_id = await cx.links.need(Entity.ORDER, order_id)
    payload = message.payload or {}
    kind = str(payload.get("kind") or "document")
    name = f"{kind}-{payload.get('file_unique_id') or message.id}.{_EXTENSIONS.get(kind, 'bin')}"
    size = payload.get("file_size")
    too_large = isinstance(size, int) and size > TELEGRAM_DOWNLOAD_LIMIT
    data = None
    if cx.media is not None and not too_large:
        data = await cx.media.fetch(str(payload.get("file_id")))
    key = _MEDIA_KEYS.get(kind, "mirror-media-document")
    text = cx.texts(key, id=str(order_id), name=name)
    if too_large:
        megabytes = f"{size / 1024 / 1024:.0f}"
        text += "\n" + cx.texts("mirror-media-too-large", id=str(order_id), size=megabytes)
    elif data is None:
        text += "\n" + cx.texts("mirror-media-not-copied", id=str(order_id))
    if (retried or message.attempts > 1) and await _already_there(cx, deal_id, text):
        return
    fields = _fields(deal_id, text)
    if data is None:
        await cx.pipe.call("crm.timeline.comment.add", {"fields": fields})
        return
    fields["FILES"] = [[name, base64.b64encode(data).decode()]]
    # File content never goes in a batch (contract §5): it is sent on its own.
    await cx.pipe.solo("crm.timeline.comment.add", {"fields": fields})


def _fields(deal_id: int, text: str) -> dict[str, Any]:
    return {"ENTITY_ID": deal_id, "ENTITY_TYPE": "deal", "COMMENT": text}


async def _already_there(cx: Cycle, deal_id: int, text: str) -> bool:
    result = await cx.pipe.call(
        "crm.timeline.comment.list",
        {
            "filter": {"ENTITY_ID": deal_id, "ENTITY_TYPE": "deal"},
            "select": ["ID", "COMMENT"],
            "order": {"ID": "DESC"},
        },
    )
    rows = result if isinstance(result, list) else []
    return any(str(row.get("COMMENT", "")).strip() == text.strip() for row in rows)
