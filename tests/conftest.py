"""Shared fixtures: a migrated database on every backend, and the machine's Redis.

Storage tests run on SQLite and on the real PostgreSQL; set STOBOT_TEST_BACKENDS=sqlite to
run without PostgreSQL (CI always runs both).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiogram.fsm.storage.memory import MemoryStorage
from sqlalchemy import text
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from bot.i18n import Translator
from bot.testing.fake_telegram import BotHarness
from bot.testing.harness import TEST_TOKEN, build_harness
from bot.testing.harness import harness_settings as make_settings
from services.staff.roles import Role
from services.staff.service import StaffService
from services.storage.engine import create_engine, create_session_factory
from services.storage.migrate import upgrade
from services.storage.models import Base
from tests import fuzz

BACKENDS = [
    b.strip() for b in os.environ.get("STOBOT_TEST_BACKENDS", "sqlite,postgresql").split(",")
]
PG_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


TESTS_DIR = Path(__file__).parent
# A module whose tests start processes or open databases without the fixtures says so itself
# (`pytestmark = pytest.mark.subprocess` or `.db`); otherwise the kind follows the fixtures.
DECLARED = ("subprocess", "e2e", "db")
# Folders none of whose tests is a unit test, whatever they declare.
NEVER_UNIT = {"chaos": "chaos", "dialogs": "e2e", "telegram": "e2e"}


def _inner_loop(config: pytest.Config) -> bool:
    return config.option.markexpr.strip() == "unit"


def pytest_configure(config: pytest.Config) -> None:
    """The inner loop searches a fifth as hard for counterexamples (see tests/fuzz.py)."""
    if _inner_loop(config):
        fuzz.SHARE = fuzz.INNER_LOOP_SHARE


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """`-m unit` would deselect every test of these folders: it need not import them."""
    if _inner_loop(config) and collection_path.parent == TESTS_DIR:
        return collection_path.name in NEVER_UNIT or None
    return None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test with its kind, so `pytest -m unit` runs the fast inner loop."""
    for item in items:
        kind = _kind_of(item)
        if not item.get_closest_marker(kind):
            item.add_marker(getattr(pytest.mark, kind))


def _kind_of(item: pytest.Item) -> str:
    top = Path(str(item.path)).relative_to(TESTS_DIR).parts[0]
    fixtures = set(getattr(item, "fixturenames", ()))
    if top == "chaos":
        return "chaos"
    declared = [kind for kind in DECLARED if item.get_closest_marker(kind)]
    if declared:
        return declared[0]
    if "harness" in fixtures or top in NEVER_UNIT:
        return "e2e"
    if "db_engine" in fixtures:
        return "db"
    return "unit"


def backend_url(backend: str, tmp_dir: Path, name: str = "test") -> str:
    if backend == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_dir / f'{name}.sqlite3'}"
    raise ValueError(f"unknown backend {backend}")


async def _admin(statement: str) -> None:
    admin = create_async_engine(PG_URL, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as conn:
            await conn.execute(text(statement))
    finally:
        await admin.dispose()


async def scratch_postgres_database(prefix: str = "stobot_t") -> str:
    """A database of its own for this test run, so parallel runs never share tables."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    await _admin(f"CREATE DATABASE {name}")
    return name


async def drop_postgres_database(name: str) -> None:
    await _admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def postgres_url(database: str) -> str:
    return PG_URL.rsplit("/", 1)[0] + f"/{database}"


@pytest.fixture(scope="session", params=BACKENDS)
async def db_engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[AsyncEngine]:
    backend = request.param
    database = None
    if backend == "postgresql":
        database = await scratch_postgres_database()
        engine = create_engine(postgres_url(database))
    else:
        engine = create_engine(backend_url(backend, tmp_path_factory.mktemp(backend)))
    await upgrade(engine)
    yield engine
    await engine.dispose()
    if database:
        await drop_postgres_database(database)


async def truncate_all(engine: AsyncEngine) -> None:
    tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
    async with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            await conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                await conn.execute(text(f"DELETE FROM {table}"))
            await conn.execute(text("DELETE FROM sqlite_sequence")) if await _has_sequence(
                conn
            ) else None


async def _has_sequence(conn) -> bool:  # type: ignore[no-untyped-def]
    found = await conn.scalar(text("SELECT name FROM sqlite_master WHERE name='sqlite_sequence'"))
    return found is not None


@pytest.fixture
async def session_factory(db_engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """A clean, migrated database for each test."""
    await truncate_all(db_engine)
    return create_session_factory(db_engine)


@pytest.fixture
async def session(session_factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    async with session_factory() as session:
        yield session


# --- Telegram side ---------------------------------------------------------------------------

# The tests import these from here: `make_settings(**sections)`, `TEST_TOKEN`.
__all__ = ["TEST_TOKEN", "make_settings"]


@pytest.fixture
def translator() -> Translator:
    return Translator("ru")


@pytest.fixture
async def harness(session_factory, translator) -> AsyncIterator[BotHarness]:
    """The real Dispatcher with memory FSM storage and the recording fake Bot session."""
    storage = MemoryStorage()
    yield build_harness(make_settings(), storage, session_factory, translator)
    await storage.close()


async def add_employee(
    session_factory, telegram_id: int, name: str, *roles: Role, locale: str | None = "ru"
):
    async with session_factory() as session:
        return await StaffService(session).add(telegram_id, name, list(roles), locale=locale)
