"""`stobot demo`: one whole repair order, five people, the real Dispatcher, no token needed.

Runs on a throwaway SQLite database with the recording fake Bot session the tests use, and
prints what each person types, taps and sees.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from aiogram.fsm.storage.memory import MemoryStorage
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.i18n import L10n, Translator
from bot.settings import DatabaseSettings
from bot.testing.demo.script import run_script
from bot.testing.demo.transcript import Person, Transcript
from bot.testing.fake_telegram import BotHarness, TelegramUser
from bot.testing.harness import build_harness, harness_settings
from services.staff.roles import Role
from services.staff.service import StaffService
from services.storage.engine import create_engine, create_session_factory
from services.storage.migrate import upgrade
from services.storage.models import Order

DEMO_TOKEN = "123456789:DEMO-token-not-a-real-one-000000"

STAFF = (
    (Role.MASTER, TelegramUser(101, "Сергей", "Мастеров")),
    (Role.SUPPLIER, TelegramUser(102, "Олег", "Снабженцев")),
    (Role.HEAD, TelegramUser(103, "Пётр", "Руководов")),
    (Role.STOREKEEPER, TelegramUser(104, "Анна", "Складова")),
    (Role.DIRECTOR, TelegramUser(105, "Ирина", "Директорова")),
)


@dataclass
class DemoShop:
    transcript: Transcript
    people: dict[Role, Person]
    session_factory: async_sessionmaker[AsyncSession]
    slowest_ms: float = 0.0


async def run_demo(
    lang: str = "ru",
    out: TextIO = sys.stdout,
    script: Callable[[DemoShop], Awaitable[None]] = run_script,
    session_factory: async_sessionmaker[AsyncSession] | None = None,
) -> DemoShop:
    """Runs `script` on a throwaway SQLite database, or on `session_factory`'s (tests)."""
    with tempfile.TemporaryDirectory(prefix="stobot-demo-") as scratch:
        url = f"sqlite+aiosqlite:///{Path(scratch) / 'demo.sqlite3'}"
        engine = None
        if session_factory is None:
            engine = create_engine(url)
            await upgrade(engine)
            session_factory = create_session_factory(engine)
        translator = Translator("ru")
        people = await _hire(session_factory, translator, lang)
        settings = harness_settings(DEMO_TOKEN, database=DatabaseSettings(url=url))
        storage = MemoryStorage()
        harness = build_harness(settings, storage, session_factory, translator, _TimedHarness)
        transcript = Transcript(harness, list(people.values()), out=out)
        shop = DemoShop(transcript, people, session_factory)
        l10n = translator.get(lang)
        print(l10n.raw("demo-title"), file=out)
        try:
            await script(shop)
            shop.slowest_ms = harness.slowest_ms
            await _summary(shop, l10n, out)
        finally:
            await storage.close()
            if engine is not None:
                await engine.dispose()
        return shop


async def _hire(
    session_factory: async_sessionmaker[AsyncSession], translator: Translator, lang: str
) -> dict[Role, Person]:
    """The demo's staff, one person a role, speaking `lang`."""
    people: dict[Role, Person] = {}
    async with session_factory() as session:
        staff = StaffService(session)
        for role, user in STAFF:
            user.language_code = lang
            await staff.add(user.id, user.full_name, [role], locale=lang)
            people[role] = Person(user, translator.get(lang).raw(f"role-{role}"))
    return people


async def _summary(shop: DemoShop, l10n: L10n, out: TextIO) -> None:
    """Where the last order ended and the slowest update, after the script."""
    async with shop.session_factory() as session:
        last = await session.scalar(select(Order).order_by(Order.id.desc()))
    if last is not None:
        summary = l10n.raw(
            "demo-summary",
            order_id=last.id,
            stage=l10n.raw(f"stage-{last.stage}"),
            slowest=round(shop.slowest_ms),
        )
        print(f"\n{summary}", file=out)


class _TimedHarness(BotHarness):
    """Records the slowest update, the bot-side time a person waits after a tap."""

    slowest_ms: float = 0.0

    async def feed(self, update):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        try:
            return await super().feed(update)
        finally:
            self.slowest_ms = max(self.slowest_ms, (time.perf_counter() - started) * 1000)
