"""Stairway: every revision upgrades, downgrades and upgrades again, on every backend."""

from __future__ import annotations

import pytest

from services.storage.engine import create_engine
from services.storage.migrate import downgrade, revisions, upgrade
from tests.conftest import (
    BACKENDS,
    drop_postgres_database,
    postgres_url,
    scratch_postgres_database,
)


@pytest.mark.parametrize("backend", BACKENDS)
async def test_stairway(backend: str, tmp_path) -> None:
    database = None
    if backend == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'stairway.sqlite3'}"
    else:
        database = await scratch_postgres_database("stobot_stairway")
        url = postgres_url(database)
    engine = create_engine(url)
    try:
        previous = "base"
        for revision in revisions():
            await upgrade(engine, revision)
            await downgrade(engine, previous)
            await upgrade(engine, revision)
            previous = revision
        await downgrade(engine, "base")
    finally:
        await engine.dispose()
        if database:
            await drop_postgres_database(database)


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
