"""Step 6: photos and videos, albums included, until «Готово».

Telegram sends each album item as its own message with one media_group_id; updates of one
person are handled one at a time (event isolation), so the counts never race. The first
item of an album draws a new screen below the photos; the rest only update that screen, so
an album is acknowledged once.
"""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from aiogram.exceptions import TelegramBadRequest
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.i18n import L10n
from dialogs.common.screen import SCREEN_KEY
from dialogs.new_order import data as d
from dialogs.new_order.screens import SCREENS, goto
from dialogs.new_order.states import NewOrderSG as SG


def media_item(message: Message) -> dict[str, Any] | None:
    """What to keep of a photo, a video or a photo/video sent as a file; None for others."""
    if message.photo:
        photo = message.photo[-1]  # the largest size
        kind, looks, file = "photo", "photo", photo
    elif message.video:
        kind, looks, file = "video", "video", message.video
    elif message.document and (message.document.mime_type or "").startswith(("video/", "image/")):
        # Sent on as a document (its file_id only works that way), counted as what it shows.
        looks = "video" if message.document.mime_type.startswith("video/") else "photo"  # type: ignore[union-attr]
        kind, file = "document", message.document
    else:
        return None
    return {
        "kind": kind,
        "looks": looks,
        "file_id": file.file_id,
        "file_unique_id": file.file_unique_id,
        "file_size": file.file_size,
        "media_group_id": message.media_group_id,
    }


async def media_received(message: Message, state: FSMContext, l10n: L10n) -> None:
    item = media_item(message)
    data = await state.get_data()
    same_album = (
        item is not None
        and message.media_group_id is not None
        and (message.media_group_id == data.get(d.ALBUM))
    )
    if item is None:
        await goto(message, state, l10n, SG.media, notice=l10n("new-order-error-media-kind"))
        return
    items = data.get(d.MEDIA, [])
    if any(m["file_unique_id"] == item["file_unique_id"] for m in items):
        return  # the same file forwarded twice
    if len(items) >= d.MAX_MEDIA:
        if not same_album:
            notice = l10n("new-order-error-too-many-media", limit=d.MAX_MEDIA)
            await goto(message, state, l10n, SG.media, notice=notice)
        return
    await d.change(state, **{d.MEDIA: [*items, item], d.ALBUM: message.media_group_id})
    if same_album and await _refresh(message, state, l10n):
        return
    await goto(message, state, l10n, SG.media)


async def _refresh(message: Message, state: FSMContext, l10n: L10n) -> bool:
    """Redraw the media screen in place; False when it is gone (then a new one is sent)."""
    await state.set_state(SG.media)
    data = await state.get_data()
    if data.get(SCREEN_KEY) is None:
        return False
    text, markup = SCREENS[SG.media.state](l10n, data)
    with suppress(TelegramBadRequest):
        await message.bot.edit_message_text(  # type: ignore[union-attr]
            text, chat_id=message.chat.id, message_id=data[SCREEN_KEY], reply_markup=markup
        )
        return True
    return False


async def media_done(query: CallbackQuery, state: FSMContext, l10n: L10n) -> None:
    await goto(query, state, l10n, SG.summary)
