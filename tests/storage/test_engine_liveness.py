"""A pooled connection the server closed is replaced before use, without a pre-ping."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from services.storage.engine import create_engine
from tests.conftest import (
    BACKENDS,
    PG_URL,
    drop_postgres_database,
    postgres_url,
    scratch_postgres_database,
)


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
