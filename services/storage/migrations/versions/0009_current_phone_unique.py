"""client phones: a number someone uses now belongs to one client (unique among current ones)

Two masters giving the same new number at the same moment could both pass the service's
"number taken" check. A database made before this revision may hold such pairs: the client
who had the number first keeps it, the later ones' row is retired (their history keeps it) and
the journal says so, as `client.phone_retired_duplicate`.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import services.storage.models.base

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_WHEN = services.storage.models.base.UTCDateTime(timezone=True)
_PHONES = sa.table(
    "client_phones",
    sa.column("id", sa.Integer),
    sa.column("client_id", sa.Integer),
    sa.column("phone", sa.String),
    sa.column("retired_at", _WHEN),
)
_AUDIT = sa.table(
    "audit_log",
    sa.column("at", _WHEN),
    sa.column("action", sa.String),
    sa.column("entity_type", sa.String),
    sa.column("entity_id", sa.String),
    sa.column("details", sa.JSON),
)
_CURRENT = sa.text("retired_at IS NULL")


def upgrade() -> None:
    _retire_later_duplicates()
    op.create_index(
        "ux_client_phones_current",
        "client_phones",
        ["phone"],
        unique=True,
        postgresql_where=_CURRENT,
        sqlite_where=_CURRENT,
    )


def downgrade() -> None:
    op.drop_index("ux_client_phones_current", table_name="client_phones")


def _retire_later_duplicates() -> None:
    bind = op.get_bind()
    current = _PHONES.c.retired_at.is_(None)
    # Each number's first current row stays current; any other current row is a later one.
    first = sa.select(sa.func.min(_PHONES.c.id)).where(current).group_by(_PHONES.c.phone)
    later = bind.execute(
        sa.select(_PHONES.c.id, _PHONES.c.client_id, _PHONES.c.phone).where(
            current, _PHONES.c.id.not_in(first)
        )
    ).all()
    if not later:
        return
    now = datetime.now(UTC)
    bind.execute(
        _PHONES.update().where(_PHONES.c.id.in_([row.id for row in later])).values(retired_at=now)
    )
    bind.execute(
        _AUDIT.insert(),
        [
            {
                "at": now,
                "action": "client.phone_retired_duplicate",
                "entity_type": "client",
                "entity_id": str(row.client_id),
                # As the service's journal rows: only the last digits of a number.
                "details": {"phone_tail": row.phone[-4:]},
            }
            for row in later
        ],
    )
