"""A Bot API stand-in that records every call and answers as Telegram would.

Used by the test suite and by `stobot demo`: real `Update` objects go through the real
Dispatcher; every method the bot calls is recorded, and the answer carries message ids and
file ids the way Telegram's does, so handlers cannot tell the difference.
"""

from __future__ import annotations

import itertools
import time
from collections import defaultdict, deque
from collections.abc import AsyncGenerator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aiogram import Bot
from aiogram.client.default import Default
from aiogram.client.session.base import BaseSession
from aiogram.exceptions import TelegramBadRequest
from aiogram.methods import (
    AnswerCallbackQuery,
    CopyMessage,
    DeleteMessage,
    EditMessageCaption,
    EditMessageReplyMarkup,
    EditMessageText,
    GetFile,
    GetMe,
    SendDocument,
    SendMediaGroup,
    SendMessage,
    SendPhoto,
    SendVideo,
    TelegramMethod,
)
from aiogram.types import (
    CallbackQuery,
    Chat,
    Document,
    File,
    InlineKeyboardMarkup,
    Message,
    PhotoSize,
    Update,
    User,
    Video,
)

from bot.render import telegram_html

BOT_USER = User(id=42, is_bot=True, first_name="СТО", username="sto_shop_bot")


@dataclass
class ChatMessage:
    """What a chat shows for one message the bot sent (as last edited)."""

    message_id: int
    text: str
    markup: Any = None
    kind: str = "text"


class FakeTelegramSession(BaseSession):
    def __init__(self) -> None:
        super().__init__()
        self.calls: list[TelegramMethod[Any]] = []
        self.chats: dict[int, dict[int, ChatMessage]] = defaultdict(dict)
        self.failures: deque[tuple[type[TelegramMethod[Any]] | None, Exception]] = deque()
        self._message_ids = itertools.count(1000)
        self._file_ids = itertools.count(1)

    def fail_next(
        self, exception: Exception, method: type[TelegramMethod[Any]] | None = None
    ) -> None:
        """Make the next call (of `method`, if given) raise `exception`, as Telegram would."""
        self.failures.append((method, exception))

    def forget(self, keep_last: int) -> None:
        """Drop the recorded calls and all but each chat's last `keep_last` messages: a long
        run (the benchmark's 20,000 updates) would otherwise keep every reply alive, and the
        garbage collector would scan them all again and again."""
        self.calls.clear()
        for chat in self.chats.values():
            for message_id in sorted(chat)[: max(0, len(chat) - keep_last)]:
                del chat[message_id]

    async def close(self) -> None:
        return None

    async def stream_content(
        self,
        url: str,
        headers: dict[str, Any] | None = None,
        timeout: int = 30,  # noqa: ASYNC109 - aiogram's signature
        chunk_size: int = 65536,
        raise_for_status: bool = True,
    ) -> AsyncGenerator[bytes, None]:
        yield b"\x89PNG fake file content for " + url.encode()

    async def make_request(
        self,
        bot: Bot,
        method: TelegramMethod[Any],
        timeout: int | None = None,  # noqa: ASYNC109
    ) -> Any:
        if self.failures and self.failures[0][0] in (None, type(method)):
            raise self.failures.popleft()[1]
        problem = _limit_problem(method, bot)
        if problem:
            # What Telegram answers; a test that trips it has found a real bug.
            raise TelegramBadRequest(method, f"Bad Request: {problem}")
        self.calls.append(method)
        return self._answer(method)

    # --- answers -------------------------------------------------------------------------------

    def _answer(self, method: TelegramMethod[Any]) -> Any:
        if isinstance(method, GetMe):
            return BOT_USER
        if isinstance(method, SendMessage):
            return self._sent(method.chat_id, text=method.text, markup=method.reply_markup)
        if isinstance(method, EditMessageText | EditMessageCaption | EditMessageReplyMarkup):
            return self._edited(method)
        if isinstance(method, SendPhoto | SendVideo | SendDocument):
            return self._sent_media(method)
        if isinstance(method, SendMediaGroup):
            return [self._sent_album_item(method.chat_id, item) for item in method.media]
        if isinstance(method, CopyMessage):
            return self._sent(method.chat_id, text="(copy)", markup=None)
        if isinstance(method, DeleteMessage):
            self.chats[int(method.chat_id)].pop(method.message_id, None)
            return True
        if isinstance(method, GetFile):
            return File(
                file_id=method.file_id,
                file_unique_id=f"u{method.file_id}",
                file_size=1024,
                file_path=f"files/{method.file_id}",
            )
        if isinstance(method, AnswerCallbackQuery):
            return True
        returning = getattr(method, "__returning__", None)
        if returning is bool:
            return True
        raise NotImplementedError(f"the fake Bot API does not answer {type(method).__name__} yet")

    def _message(self, chat_id: int | str, message_id: int, **fields: Any) -> Message:
        return Message(
            message_id=message_id,
            date=datetime.now(UTC),
            chat=Chat(id=int(chat_id), type="private"),
            from_user=BOT_USER,
            **fields,
        )

    def _sent(self, chat_id: int | str, *, text: str, markup: Any) -> Message:
        message_id = next(self._message_ids)
        self.chats[int(chat_id)][message_id] = ChatMessage(message_id, text, markup)
        inline = markup if isinstance(markup, InlineKeyboardMarkup) else None
        return self._message(chat_id, message_id, text=text, reply_markup=inline)

    def _edited(self, method: Any) -> Message | bool:
        if method.inline_message_id:
            return True
        shown = self.chats[int(method.chat_id)].get(method.message_id)
        text = getattr(method, "text", None) or getattr(method, "caption", None)
        if shown is None:
            shown = ChatMessage(method.message_id, text or "")
            self.chats[int(method.chat_id)][method.message_id] = shown
        if text is not None:
            shown.text = text
        shown.markup = method.reply_markup
        return self._message(
            method.chat_id, method.message_id, text=shown.text, reply_markup=method.reply_markup
        )

    def _new_file(self, prefix: str) -> tuple[str, str]:
        n = next(self._file_ids)
        return f"{prefix}-file-{n}", f"{prefix}-uniq-{n}"

    def _media_fields(self, kind: str, given: Any) -> dict[str, Any]:
        file_id, unique = (given, f"u-{given}") if isinstance(given, str) else self._new_file(kind)
        if kind == "photo":
            return {
                "photo": [PhotoSize(file_id=file_id, file_unique_id=unique, width=1280, height=960)]
            }
        if kind == "video":
            return {
                "video": Video(
                    file_id=file_id, file_unique_id=unique, width=1280, height=720, duration=10
                )
            }
        return {"document": Document(file_id=file_id, file_unique_id=unique)}

    def _sent_media(self, method: SendPhoto | SendVideo | SendDocument) -> Message:
        kind = {SendPhoto: "photo", SendVideo: "video", SendDocument: "document"}[type(method)]
        given = getattr(method, kind)
        message_id = next(self._message_ids)
        caption = method.caption or ""
        self.chats[int(method.chat_id)][message_id] = ChatMessage(
            message_id, caption, method.reply_markup, kind=kind
        )
        return self._message(
            method.chat_id, message_id, caption=caption or None, **self._media_fields(kind, given)
        )

    def _sent_album_item(self, chat_id: int | str, item: Any) -> Message:
        message_id = next(self._message_ids)
        caption = item.caption or ""
        self.chats[int(chat_id)][message_id] = ChatMessage(message_id, caption, kind=item.type)
        return self._message(
            chat_id,
            message_id,
            caption=caption or None,
            **self._media_fields(item.type, item.media),
        )


@dataclass
class TelegramUser:
    id: int
    first_name: str
    last_name: str | None = None
    language_code: str | None = "ru"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}" if self.last_name else self.first_name

    @property
    def user(self) -> User:
        return User(
            id=self.id,
            is_bot=False,
            first_name=self.first_name,
            last_name=self.last_name,
            language_code=self.language_code,
        )

    @property
    def chat(self) -> Chat:
        return Chat(id=self.id, type="private", first_name=self.first_name)


# Telegram's update ids only grow, across restarts too; every harness of a run shares one
# sequence, started from the clock so a later run never repeats ids a shared Redis remembers.
_UPDATE_IDS = itertools.count(int(time.time()) % 1_000_000 * 1000 + 1)


@dataclass
class BotHarness:
    """Feeds updates as a person would and shows what each person's chat now displays."""

    dispatcher: Any
    bot: Bot
    session: FakeTelegramSession
    _update_ids: itertools.count[int] = field(default_factory=lambda: _UPDATE_IDS)
    _user_message_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    async def feed(self, update: Update) -> list[TelegramMethod[Any]]:
        before = len(self.session.calls)
        await self.dispatcher.feed_update(self.bot, update)
        return self.session.calls[before:]

    def _message(self, user: TelegramUser, **fields: Any) -> Message:
        return Message(
            message_id=next(self._user_message_ids),
            date=datetime.now(UTC),
            chat=user.chat,
            from_user=user.user,
            **fields,
        )

    async def send(self, user: TelegramUser, text: str) -> list[TelegramMethod[Any]]:
        return await self.send_message(user, self._message(user, text=text))

    async def send_message(self, user: TelegramUser, message: Message) -> list[TelegramMethod[Any]]:
        return await self.feed(Update(update_id=next(self._update_ids), message=message))

    async def send_photo(
        self, user: TelegramUser, media_group_id: str | None = None, caption: str | None = None
    ) -> list[TelegramMethod[Any]]:
        n = next(self._update_ids)
        photo = [
            PhotoSize(file_id=f"user-photo-{n}", file_unique_id=f"up{n}", width=1280, height=960)
        ]
        message = self._message(user, photo=photo, media_group_id=media_group_id, caption=caption)
        return await self.feed(Update(update_id=n, message=message))

    async def send_video(
        self, user: TelegramUser, media_group_id: str | None = None, size: int = 5_000_000
    ) -> list[TelegramMethod[Any]]:
        n = next(self._update_ids)
        video = Video(
            file_id=f"user-video-{n}",
            file_unique_id=f"uv{n}",
            width=1280,
            height=720,
            duration=12,
            file_size=size,
        )
        message = self._message(user, video=video, media_group_id=media_group_id)
        return await self.feed(Update(update_id=n, message=message))

    async def tap(
        self, user: TelegramUser, callback_data: str, message_id: int | None = None
    ) -> list[TelegramMethod[Any]]:
        message_id = message_id or self._last_message_id(user)
        shown = self.session.chats[user.id].get(message_id)
        message = Message(
            message_id=message_id,
            date=datetime.now(UTC),
            chat=user.chat,
            from_user=BOT_USER,
            text=shown.text if shown else "",
            reply_markup=shown.markup
            if shown and isinstance(shown.markup, InlineKeyboardMarkup)
            else None,
        )
        n = next(self._update_ids)
        query = CallbackQuery(
            id=str(n),
            from_user=user.user,
            chat_instance=str(user.id),
            message=message,
            data=callback_data,
        )
        return await self.feed(Update(update_id=n, callback_query=query))

    async def tap_button(self, user: TelegramUser, label: str) -> list[TelegramMethod[Any]]:
        """Tap the newest inline button in the user's chat whose text contains `label`."""
        for shown in reversed(list(self.session.chats[user.id].values())):
            for button in _inline_buttons(shown.markup):
                if label in button.text and button.callback_data:
                    return await self.tap(user, button.callback_data, shown.message_id)
        raise LookupError(
            f"no button {label!r} in the chat of {user.first_name}: {self.screen(user)}"
        )

    def _last_message_id(self, user: TelegramUser) -> int:
        return max(self.session.chats[user.id]) if self.session.chats[user.id] else 1

    def last_text(self, user: TelegramUser) -> str:
        chat = self.session.chats[user.id]
        return chat[max(chat)].text if chat else ""

    def screen(self, user: TelegramUser, last: int = 1) -> str:
        """The last messages of the user's chat as text, with their inline buttons."""
        chat = self.session.chats[user.id]
        lines: list[str] = []
        for message_id in sorted(chat)[-last:]:
            shown = chat[message_id]
            lines.append(shown.text if shown.kind == "text" else f"[{shown.kind}] {shown.text}")
            for row in _inline_rows(shown.markup):
                lines.append("  " + "  ".join(f"[ {b.text} ]" for b in row))
        return "\n".join(lines)

    def reply_keyboard(self, user: TelegramUser) -> list[str]:
        """Labels of the newest reply keyboard sent to the user."""
        for shown in reversed(list(self.session.chats[user.id].values())):
            keyboard = getattr(shown.markup, "keyboard", None)
            if keyboard:
                return [button.text for row in keyboard for button in row]
        return []


TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_DATA_LIMIT = 64
CALLBACK_ANSWER_LIMIT = 200


def _parse_mode(bot: Bot, method: Any) -> str | None:
    mode = getattr(method, "parse_mode", None)
    if isinstance(mode, Default):
        mode = bot.default[mode.name]
    return mode


def _shown(text: str, parse_mode: str | None) -> str:
    """What Telegram displays; TelegramBadRequest's text when it cannot parse the markup."""
    if parse_mode is None:
        return text
    if str(getattr(parse_mode, "value", parse_mode)).lower() != "html":
        raise NotImplementedError(f"the fake Bot API parses only HTML, not {parse_mode}")
    return telegram_html.parse(text)


def _limit_problem(method: TelegramMethod[Any], bot: Bot) -> str | None:
    try:
        return _text_problem(method, bot) or _markup_problem(method)
    except telegram_html.HtmlParseError as error:
        return f"can't parse entities: {error}"


def _text_problem(method: TelegramMethod[Any], bot: Bot) -> str | None:
    parse_mode = _parse_mode(bot, method)
    if isinstance(method, AnswerCallbackQuery):
        if len(method.text or "") > CALLBACK_ANSWER_LIMIT:
            return "MESSAGE_TOO_LONG"
        return None
    text = getattr(method, "text", None)
    if isinstance(text, str):
        shown = _shown(text, parse_mode)
        if not shown.strip():
            return "message text is empty"
        if len(shown) > TEXT_LIMIT:
            return "MESSAGE_TOO_LONG"
    caption = getattr(method, "caption", None)
    if isinstance(caption, str) and len(_shown(caption, parse_mode)) > CAPTION_LIMIT:
        return "message caption is too long"
    if isinstance(method, SendMediaGroup):
        if not 2 <= len(method.media) <= 10:
            return "media group must have 2-10 items"
        for item in method.media:
            if len(_shown(item.caption or "", _parse_mode(bot, item))) > CAPTION_LIMIT:
                return "message caption is too long"
    return None


def _markup_problem(method: TelegramMethod[Any]) -> str | None:
    for button in _inline_buttons(getattr(method, "reply_markup", None)):
        if not 1 <= len(button.text) <= TEXT_LIMIT:
            return "BUTTON_TEXT_INVALID"
        if button.callback_data is not None and not (
            1 <= len(button.callback_data.encode()) <= CALLBACK_DATA_LIMIT
        ):
            return "BUTTON_DATA_INVALID"
    return None


def _inline_rows(markup: Any) -> list[list[Any]]:
    return list(markup.inline_keyboard) if isinstance(markup, InlineKeyboardMarkup) else []


def _inline_buttons(markup: Any) -> list[Any]:
    return [button for row in _inline_rows(markup) for button in row]
