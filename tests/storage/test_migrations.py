"""Stairway: every revision upgrades, downgrades and upgrades again, on every backend."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from services.storage.engine import create_engine
from services.storage.migrate import downgrade, revisions, upgrade
from tests.conftest import BACKENDS, PG_URL

STAIRWAY_DB = "stobot_stairway"


async def _fresh_postgres_url() -> str:
    admin = create_async_engine(
        PG_URL.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT"
    )
    async with admin.connect() as conn:
        await conn.execute(text(f"DROP DATABASE IF EXISTS {STAIRWAY_DB} WITH (FORCE)"))
        await conn.execute(text(f"CREATE DATABASE {STAIRWAY_DB}"))
    await admin.dispose()
    return PG_URL.rsplit("/", 1)[0] + f"/{STAIRWAY_DB}"


@pytest.mark.parametrize("backend", BACKENDS)
async def test_stairway(backend: str, tmp_path) -> None:
    if backend == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'stairway.sqlite3'}"
    else:
        url = await _fresh_postgres_url()
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
