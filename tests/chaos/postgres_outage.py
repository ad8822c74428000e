"""A real server-side outage of one PostgreSQL database, without touching the shared server:
`ALTER DATABASE … ALLOW_CONNECTIONS false` refuses new connections and `pg_terminate_backend`
cuts the open ones, as a restart would; `ALLOW_CONNECTIONS true` ends it."""

from __future__ import annotations

import asyncio
import threading

import asyncpg

from tests.conftest import PG_URL
from tests.waits import HANG

_ADMIN_DSN = PG_URL.replace("+asyncpg", "")


async def _admin(*statements: str) -> None:
    conn = await asyncpg.connect(_ADMIN_DSN)
    try:
        for statement in statements:
            await conn.execute(statement)
    finally:
        await conn.close()


async def take_down(database: str) -> None:
    await _admin(
        f"ALTER DATABASE {database} ALLOW_CONNECTIONS false",
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        f"WHERE datname = '{database}' AND pid <> pg_backend_pid()",
    )


async def bring_up(database: str) -> None:
    await _admin(f"ALTER DATABASE {database} ALLOW_CONNECTIONS true")


def take_down_now(database: str) -> None:
    """From synchronous code (a SQLAlchemy event inside a running transaction): the outage
    happens on its own thread and loop, and is complete when this returns."""
    errors: list[BaseException] = []

    def run() -> None:
        try:
            asyncio.run(take_down(database))
        except BaseException as exc:  # reported on the caller's thread
            errors.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    # Done when the thread ends: the caller goes on only once the outage is real (a bound
    # near its usual time let a slow outage go on unfinished, and unannounced).
    thread.join(HANG)
    if thread.is_alive():
        raise AssertionError(f"taking {database} down hung for {HANG:.0f} s")
    if errors:
        raise errors[0]
