"""A pooled connection the server closed is replaced before use, without a pre-ping."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import create_async_engine

from services.storage.engine import create_engine
from tests.conftest import (
    BACKENDS,
    PG_URL,
    drop_postgres_database,
    postgres_url,
    scratch_postgres_database,
)

# Each test builds its own databases, without the shared fixtures.
pytestmark = pytest.mark.db


@pytest.mark.skipif("postgresql" not in BACKENDS, reason="PostgreSQL is not among the backends")
async def test_connections_killed_by_the_server_are_replaced_on_checkout() -> None:
    database = await scratch_postgres_database("stobot_alive")
    engine = create_engine(postgres_url(database))
    admin = create_async_engine(PG_URL, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
        async with admin.connect() as conn:  # what a restart does to every backend
            await conn.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :d"),
                {"d": database},
            )
        await asyncio.sleep(0.2)
        async with engine.connect() as conn:
            assert await conn.scalar(text("SELECT 42")) == 42
    finally:
        await engine.dispose()
        await admin.dispose()
        await drop_postgres_database(database)


@pytest.mark.skipif("postgresql" not in BACKENDS, reason="PostgreSQL is not among the backends")
async def test_a_burst_waits_for_the_pool_instead_of_opening_connections() -> None:
    """More sessions at once than the pool holds: they queue for its connections, and the
    connections stay open for the next burst (an overflow connection was opened per burst
    and closed on return, paying a connect and a re-parse of every statement each time)."""
    database = await scratch_postgres_database("stobot_pool")
    engine = create_engine(postgres_url(database), pool_size=3)
    opened: list[object] = []
    event.listen(engine.sync_engine, "connect", lambda conn, _record: opened.append(conn))

    async def hold() -> int:
        async with engine.connect() as conn:
            await asyncio.sleep(0.01)
            return int(await conn.scalar(text("SELECT pg_backend_pid()")))

    try:
        for _ in range(2):
            pids = await asyncio.gather(*(hold() for _ in range(12)))
            assert len(set(pids)) == 3
        assert len(opened) == 3
    finally:
        await engine.dispose()
        await drop_postgres_database(database)
