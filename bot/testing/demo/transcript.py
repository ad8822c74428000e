"""Drives the real Dispatcher as people would and prints what each of them sees."""

from __future__ import annotations

import html
import re
import sys
from dataclasses import dataclass, field
from typing import Any, TextIO

from aiogram.methods import (
    AnswerCallbackQuery,
    EditMessageReplyMarkup,
    EditMessageText,
    SendMediaGroup,
    SendMessage,
    SendPhoto,
    SendVideo,
    TelegramMethod,
)
from aiogram.types import InlineKeyboardMarkup, ReplyKeyboardMarkup

from bot.testing.fake_telegram import BotHarness, TelegramUser

_TAG_RE = re.compile(r"</?(b|i|u|s|code|pre|a)( [^>]*)?>")


def plain(text: str) -> str:
    """HTML parse-mode text as a person reads it."""
    return html.unescape(_TAG_RE.sub("", text))


@dataclass
class Person:
    user: TelegramUser
    role_label: str

    @property
    def name(self) -> str:
        return self.user.first_name


@dataclass
class Transcript:
    harness: BotHarness
    people: list[Person]
    out: TextIO = field(default_factory=lambda: sys.stdout)
    step: int = 0

    def _by_chat(self, chat_id: int | str) -> Person | None:
        return next((p for p in self.people if p.user.id == int(chat_id)), None)

    def section(self, title: str) -> None:
        print(f"\n━━━ {title} ━━━", file=self.out)

    async def type(self, person: Person, text: str) -> None:
        shown = text.replace("\n", "\n" + " " * 9)
        self._actor(person, f"пишет / types: «{shown}»")
        await self._show(person, await self.harness.send(person.user, text))

    async def press(self, person: Person, label: str) -> None:
        """A reply-keyboard button: Telegram sends its label as a message."""
        self._actor(person, f"нажимает в меню / presses: ⌨️ {label}")
        await self._show(person, await self.harness.send(person.user, label))

    async def tap(self, person: Person, label: str, *, quiet: bool = False) -> None:
        """`quiet` for a run of similar taps (ticking a checklist): the screen is shown once,
        after the last of them."""
        self._actor(person, f"нажимает / taps: [{label}]")
        calls = await self.harness.tap_button(person.user, label)
        if not quiet:
            await self._show(person, calls)

    async def photos(self, person: Person, count: int, album: str) -> None:
        self._actor(person, f"присылает альбом / sends an album: {count} фото")
        calls: list[TelegramMethod[Any]] = []
        for _ in range(count):
            calls += await self.harness.send_photo(person.user, media_group_id=album)
        # An album edits one screen several times; the last state is what the person sees.
        last_edit = max(
            (i for i, c in enumerate(calls) if isinstance(c, EditMessageText)), default=-1
        )
        kept = [
            c for i, c in enumerate(calls) if not isinstance(c, EditMessageText) or i == last_edit
        ]
        await self._show(person, [c for c in kept if not isinstance(c, SendMessage)] or kept)

    async def video(self, person: Person) -> None:
        self._actor(person, "присылает видео / sends a video")
        await self._show(person, await self.harness.send_video(person.user))

    def _actor(self, person: Person, what: str) -> None:
        self.step += 1
        print(f"\n{self.step:>2}. 👤 {person.name} ({person.role_label}) {what}", file=self.out)

    async def _show(self, actor: Person, calls: list[TelegramMethod[Any]]) -> None:
        for call in calls:
            if isinstance(call, AnswerCallbackQuery):
                if call.text:
                    print(f"    💬 {plain(call.text)}", file=self.out)
                continue
            chat = getattr(call, "chat_id", None)
            person = self._by_chat(chat) if chat is not None else None
            if person is None:
                continue
            who = "" if person is actor else f"🔔 {person.name} ({person.role_label}) "
            if isinstance(call, SendMessage):
                self._message(f"{who}📱", call.text, call.reply_markup)
            elif isinstance(call, EditMessageText):
                self._message(f"{who}✏️", call.text, call.reply_markup)
            elif isinstance(call, EditMessageReplyMarkup):
                continue  # buttons taken off an old screen: nothing new to read
            elif isinstance(call, SendMediaGroup):
                print(f"    {who}🖼 альбом из {len(call.media)}", file=self.out)
            elif isinstance(call, SendPhoto | SendVideo):
                print(f"    {who}🖼 {type(call).__name__}", file=self.out)

    def _message(self, prefix: str, text: str, markup: Any) -> None:
        lines = plain(text).splitlines() or [""]
        print(f"    {prefix} {lines[0]}", file=self.out)
        for line in lines[1:]:
            print(f"       {line}", file=self.out)
        if isinstance(markup, InlineKeyboardMarkup):
            for row in markup.inline_keyboard:
                print("       " + "  ".join(f"[ {b.text} ]" for b in row), file=self.out)
        elif isinstance(markup, ReplyKeyboardMarkup):
            labels = " · ".join(b.text for row in markup.keyboard for b in row)
            print(f"       ⌨️ {labels}", file=self.out)
