"""Stairway: every revision upgrades, downgrades and upgrades again, on every backend; and
what a revision does to rows already there."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from services.storage.engine import create_engine
from services.storage.migrate import downgrade, revisions, upgrade
from services.storage.models import AuditEvent, Client, ClientPhone
from tests.conftest import (
    BACKENDS,
    drop_postgres_database,
    postgres_url,
    scratch_postgres_database,
)

# Each test builds its own databases, without the shared fixtures.
pytestmark = pytest.mark.db


@asynccontextmanager
async def empty_database(backend: str, tmp_path: Path, name: str) -> AsyncIterator[AsyncEngine]:
    """An engine on a database of its own with no tables, dropped afterwards."""
    database = None
    if backend == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / f'{name}.sqlite3'}"
    else:
        database = await scratch_postgres_database(f"stobot_{name}")
        url = postgres_url(database)
    engine = create_engine(url)
    try:
        yield engine
    finally:
        await engine.dispose()
        if database:
            await drop_postgres_database(database)


@pytest.mark.parametrize("backend", BACKENDS)
async def test_stairway(backend: str, tmp_path) -> None:
    async with empty_database(backend, tmp_path, "stairway") as engine:
        previous = "base"
        for revision in revisions():
            await upgrade(engine, revision)
            await downgrade(engine, previous)
            await upgrade(engine, revision)
            previous = revision
        await downgrade(engine, "base")


@pytest.mark.skipif("postgresql" not in BACKENDS, reason="PostgreSQL is not among the backends")
async def test_three_processes_starting_at_once_migrate_once() -> None:
    """Scaled-out bot processes all run `upgrade` on start; they take turns on PostgreSQL."""
    import asyncio

    from sqlalchemy import text

    database = await scratch_postgres_database("stobot_race")
    engines = [create_engine(postgres_url(database)) for _ in range(3)]
    try:
        await asyncio.gather(*(upgrade(engine) for engine in engines))
        async with engines[0].connect() as conn:
            version = await conn.scalar(text("SELECT version_num FROM alembic_version"))
        assert version == revisions()[-1]
    finally:
        for engine in engines:
            await engine.dispose()
        await drop_postgres_database(database)


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_number_two_clients_use_now_stays_with_the_first(backend: str, tmp_path) -> None:
    """0009 makes current numbers unique; a pair made before it (two masters at one moment)
    leaves the later client's row retired, and the journal says so."""
    async with empty_database(backend, tmp_path, "phones") as engine:
        at = datetime(2026, 11, 1, tzinfo=UTC)
        clients, phones = Client.__table__, ClientPhone.__table__
        await upgrade(engine, "0008")
        async with engine.begin() as conn:
            for client_id, name in ((1, "Иван"), (2, "Пётр"), (3, "Анна")):
                await conn.execute(
                    clients.insert().values(id=client_id, full_name=name, created_at=at)
                )
            await conn.execute(
                phones.insert(),
                [
                    {"client_id": 1, "phone": "+79161234567", "added_at": at},
                    {"client_id": 2, "phone": "+79161234567", "added_at": at},
                    {"client_id": 2, "phone": "+79267654321", "added_at": at},
                    {"client_id": 3, "phone": "+79031112233", "added_at": at},
                    {"client_id": 1, "phone": "+79031112233", "added_at": at},
                ],
            )
            # Анна's number went to Иван after she retired it: not a clash.
            await conn.execute(phones.update().where(phones.c.client_id == 3).values(retired_at=at))
        await upgrade(engine)
        async with engine.connect() as conn:
            rows = (
                await conn.execute(
                    select(
                        phones.c.client_id, phones.c.phone, phones.c.retired_at.is_(None)
                    ).order_by(phones.c.id)
                )
            ).all()
            journal = (
                await conn.execute(
                    select(AuditEvent.action, AuditEvent.entity_id, AuditEvent.details)
                )
            ).all()
        assert [tuple(r) for r in rows] == [
            (1, "+79161234567", True),
            (2, "+79161234567", False),
            (2, "+79267654321", True),
            (3, "+79031112233", False),
            (1, "+79031112233", True),
        ]
        assert [tuple(r) for r in journal] == [
            ("client.phone_retired_duplicate", "2", {"phone_tail": "4567"})
        ]
