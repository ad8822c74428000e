"""Engine and session factory for PostgreSQL (asyncpg) and SQLite (aiosqlite)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import ConnectionPoolEntry

# Enough for every statement the bot and its background jobs run on one connection, so a
# statement is parsed once per connection (SQLAlchemy's default of 100 a connection is less than
# the number of distinct statements the bot runs, so they pushed each other out).
_PREPARED_STATEMENTS_KEPT = 500
DEFAULT_POOL_SIZE = 20  # DATABASE_POOL_SIZE


def create_engine(
    url: str, *, echo: bool = False, pool_size: int = DEFAULT_POOL_SIZE
) -> AsyncEngine:
    """PostgreSQL: `pool_size` connections kept open and no overflow. Under a burst, updates
    wait for a free connection instead of opening one: the pool closes overflow connections as
    soon as they are returned, so each burst paid a connect (TLS attempt, authentication,
    type introspection) and re-parsed every statement on the new connection (measured with
    10 + 10 overflow and 50 updates in flight: 117 connections opened in a 4,000-update run,
    throughput 86 → 107 updates/s with 20 and none)."""
    if url.startswith("sqlite"):
        _ensure_sqlite_dir(url)
        engine = create_async_engine(url, echo=echo, connect_args={"timeout": 30})
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    engine = create_async_engine(
        url,
        echo=echo,
        pool_size=pool_size,
        max_overflow=0,
        connect_args={"prepared_statement_cache_size": _PREPARED_STATEMENTS_KEPT},
    )
    event.listen(engine.sync_engine, "handle_error", _server_away)
    event.listen(engine.sync_engine, "checkout", _closed_by_server)
    return engine


def _closed_by_server(
    dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry, _proxy: object
) -> None:
    """A pooled connection the server closed (restart, terminated backend) is replaced before
    use. asyncpg notices the closed socket by itself, so this costs no round-trip, unlike
    `pool_pre_ping`'s SELECT 1 on every checkout (0.4 ms a session, see bench/README.md)."""
    raw = getattr(dbapi_connection, "_connection", None)
    if raw is not None and raw.is_closed():
        raise DisconnectionError()


def create_session_factory(
    engine: AsyncEngine, *, outbox: bool = False
) -> async_sessionmaker[AsyncSession]:
    """`outbox=True` (Bitrix24 configured) makes use cases write Bitrix24 outbox rows; the
    flag travels in `Session.info` (see `services.crm.outbox.writer`)."""
    return async_sessionmaker(engine, expire_on_commit=False, info={"outbox": outbox})


# SQLSTATEs that blame the server, not the statement: connection exception (08...),
# operator intervention such as a shutdown, restart or terminated backend (57P..; not 57014,
# a cancelled or timed-out statement), insufficient resources such as too many connections (53...).
_SERVER_AWAY = ("08", "57P", "53")


def _server_away(context: ExceptionContext) -> None:
    """Treat "the database is away" as a disconnect: the pool drops its connections, and the
    error handler asks the person to try again instead of reporting a bug. Failing to connect
    at all counts, e.g. a database not accepting connections (SQLSTATE 55000) while it is
    being restarted or restored."""
    if context.is_disconnect:
        return
    error = context.original_exception
    sqlstate = getattr(error, "sqlstate", None) or getattr(error.__cause__, "sqlstate", None)
    if context.connection is None or (
        isinstance(sqlstate, str) and sqlstate.startswith(_SERVER_AWAY)
    ):
        context.is_disconnect = True


def _ensure_sqlite_dir(url: str) -> None:
    path = url.split(":///", 1)[-1]
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)


def _sqlite_pragmas(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
    # WAL lets the scheduler read while a handler writes; foreign keys are off by default.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
