"""Set-based reads and writes for the importer: COPY on PostgreSQL, executemany on SQLite.

Ids are reserved up front (the sequence on PostgreSQL, past max(id) on SQLite, which has one
writer at a time), so clients, their phones, cars and relations go in as plain row batches
without a round trip per row.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Table, any_, bindparam, func, select, text, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.elements import ColumnElement

_SQLITE_IN = 500
_PG_ANY = 50_000


def is_postgres(conn: AsyncConnection) -> bool:
    return conn.dialect.name == "postgresql"


async def reserve_ids(conn: AsyncConnection, table: Table, count: int) -> list[int]:
    if count == 0:
        return []
    if is_postgres(conn):
        result = await conn.execute(
            text(
                f"SELECT nextval(pg_get_serial_sequence('{table.name}', 'id')) "
                "FROM generate_series(1, :n)"
            ),
            {"n": count},
        )
        return [r[0] for r in result]
    top = await conn.scalar(select(func.coalesce(func.max(table.c.id), 0)))
    return list(range(int(top or 0) + 1, int(top or 0) + 1 + count))


async def insert_rows(
    conn: AsyncConnection, table: Table, columns: Sequence[str], rows: list[tuple[Any, ...]]
) -> None:
    if not rows:
        return
    if is_postgres(conn):
        raw = await conn.get_raw_connection()
        driver = raw.driver_connection
        assert driver is not None
        await driver.copy_records_to_table(table.name, records=rows, columns=list(columns))
        return
    await conn.execute(table.insert(), [dict(zip(columns, r, strict=True)) for r in rows])


async def update_rows(
    conn: AsyncConnection, table: Table, columns: Sequence[str], rows: list[dict[str, Any]]
) -> None:
    """`rows` carry `b_id` and a value per name in `columns`."""
    if not rows:
        return
    statement = (
        update(table)
        .where(table.c.id == bindparam("b_id"))
        .values({c: bindparam(f"b_{c}") for c in columns})
    )
    params = [{"b_id": r["b_id"], **{f"b_{c}": r[c] for c in columns}} for r in rows]
    await conn.execute(statement, params)


async def select_in(
    conn: AsyncConnection,
    columns: Sequence[ColumnElement[Any]],
    key: ColumnElement[Any],
    values: Iterable[Any],
    *extra: ColumnElement[bool],
) -> list[tuple[Any, ...]]:
    """Rows whose `key` is one of `values`, in chunks the backend takes comfortably."""
    values = list(values)
    out: list[tuple[Any, ...]] = []
    pg = is_postgres(conn)
    step = _PG_ANY if pg else _SQLITE_IN
    for start in range(0, len(values), step):
        chunk = values[start : start + step]
        condition = (
            key == any_(bindparam("keys", chunk, type_=ARRAY(key.type))) if pg else key.in_(chunk)
        )
        result = await conn.execute(select(*columns).where(condition, *extra))
        out.extend(result.all())  # fetchall: row-by-row fetching costs twice as much
    return out


# Every foreign key the importer's rows carry: (table, column, referenced table).
_REFERENCES = (
    ("client_phones", "client_id", "clients"),
    ("car_relations", "client_id", "clients"),
    ("car_relations", "car_id", "cars"),
)


async def defer_reference_checks(conn: AsyncConnection) -> bool:
    """Skip PostgreSQL's per-row foreign-key triggers for this transaction, when allowed.

    They cost one lookup per inserted row (over a million on a big export); the ids are ours,
    reserved in this transaction, and `check_references` verifies every reference in one
    set-based pass before commit instead. Needs a superuser (the Docker install's user is one);
    otherwise nothing changes and the triggers check as usual.
    """
    if not is_postgres(conn):
        return False
    superuser = await conn.scalar(
        text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    )
    if not superuser:
        return False
    await conn.execute(text("SET LOCAL session_replication_role = replica"))
    return True


async def check_references(conn: AsyncConnection) -> None:
    """Every reference resolves (raises, so the transaction rolls back); triggers back on."""
    for table, column, parent in _REFERENCES:
        broken = await conn.scalar(
            text(
                f"SELECT count(*) FROM {table} t LEFT JOIN {parent} p ON p.id = t.{column} "
                "WHERE p.id IS NULL"
            )
        )
        if broken:
            raise RuntimeError(f"import would leave {broken} broken {table}.{column} references")
    await conn.execute(text("SET LOCAL session_replication_role = origin"))
