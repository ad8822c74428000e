"""Autogenerate the next Alembic revision against a scratch PostgreSQL schema.

Usage: python scripts/new_migration.py "what changed" 0002
Needs the machine's PostgreSQL (postgresql+asyncpg://postgres@127.0.0.1:5432/postgres).
Review the generated file: it must run on SQLite too (the stairway test checks).
"""

import asyncio
import sys

from alembic import command
from sqlalchemy.ext.asyncio import create_async_engine

from services.storage.migrate import alembic_config

URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"


async def main(message: str, rev_id: str) -> None:
    engine = create_async_engine(URL)
    async with engine.begin() as conn:
        await conn.exec_driver_sql("DROP SCHEMA IF EXISTS autogen CASCADE")
        await conn.exec_driver_sql("CREATE SCHEMA autogen")
        await conn.exec_driver_sql("SET search_path TO autogen")

        def run(sync):  # type: ignore[no-untyped-def]
            command.upgrade(alembic_config(sync), "head")
            command.revision(
                alembic_config(sync), message=message, autogenerate=True, rev_id=rev_id
            )

        await conn.run_sync(run)
        await conn.exec_driver_sql("DROP SCHEMA autogen CASCADE")
    await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
