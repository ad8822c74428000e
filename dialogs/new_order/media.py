"""Step 6: photos and videos, albums included, until «Готово»; and what a step does with a
message it did not ask for.

Telegram sends each album item as its own message with one media_group_id; updates of one
person are handled one at a time (event isolation), so the counts never race. The first
item of an album draws a new screen below the photos; the rest only update that screen, so
an album is acknowledged once.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiogram.types import Message
from aiogram_dialog import DialogManager, ShowMode
from aiogram_dialog.widgets.input import MessageInput

from dialogs.new_order.data import MAX_MEDIA, MediaItem, begin
from dialogs.new_order.flow import go, l10n_of
from dialogs.new_order.states import NewOrderSG as SG

Typed = Callable[[Message, MessageInput, DialogManager], Awaitable[None]]


def media_item(message: Message) -> MediaItem | None:
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
    return MediaItem(
        kind=kind,
        looks=looks,
        file_id=file.file_id,
        file_unique_id=file.file_unique_id,
        file_size=file.file_size,
        media_group_id=message.media_group_id,
    )


async def media_received(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    draft = begin(manager)
    item = media_item(message)
    if item is None:
        notice = l10n_of(manager)("new-order-error-media-kind")
        await go(manager, draft, SG.media, notice=notice)
        return
    same_album = message.media_group_id is not None and message.media_group_id == draft.album
    if any(m.file_unique_id == item.file_unique_id for m in draft.media):
        manager.show_mode = ShowMode.NO_UPDATE  # the same file forwarded twice
        return
    if len(draft.media) >= MAX_MEDIA:
        if same_album:
            manager.show_mode = ShowMode.NO_UPDATE
            return
        notice = l10n_of(manager)("new-order-error-too-many-media", limit=MAX_MEDIA)
        await go(manager, draft, SG.media, notice=notice)
        return
    draft.media.append(item)
    draft.album = message.media_group_id
    # The rest of an album redraws the screen its first item drew; anything else, a new one.
    manager.show_mode = ShowMode.EDIT if same_album else ShowMode.SEND
    await go(manager, draft, SG.media)


async def not_understood(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    """A sticker, a photo where text is asked, a stray message: the same question again."""
    draft = begin(manager)
    if message.media_group_id is not None:
        # An album where text is asked: answer its first item only.
        if draft.album == message.media_group_id:
            manager.show_mode = ShowMode.NO_UPDATE
            return
        draft.album = message.media_group_id
    notice = l10n_of(manager)("new-order-error-not-understood")
    await go(manager, draft, manager.current_context().state, notice=notice)


def answer(typed: Typed | None = None, *, media: bool = False) -> MessageInput:
    """A step's message input: typed text to `typed`, photos and videos to the media step
    where `media` (photos sent with the parts list open mean "parts done": one tap saved),
    anything else answered with the same question."""

    async def on_message(message: Message, widget: MessageInput, manager: DialogManager) -> None:
        if media and (message.photo or message.video or message.document):
            await media_received(message, widget, manager)
        elif typed is not None and message.text:
            await typed(message, widget, manager)
        else:
            await not_understood(message, widget, manager)

    return MessageInput(on_message)
