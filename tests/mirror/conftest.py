"""Mirror fixtures: a database whose sessions write the outbox (Bitrix24 "configured")."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from services.storage.engine import create_session_factory
from tests.fake_bitrix24.fixtures import fake_portal  # noqa: F401
from tests.mirror.walk import MirrorShop


@pytest.fixture
async def outbox_factory(
    session_factory: async_sessionmaker[AsyncSession], db_engine: AsyncEngine
) -> async_sessionmaker[AsyncSession]:
    """Like `session_factory` (a clean database), with the outbox switched on."""
    return create_session_factory(db_engine, outbox=True)


@pytest.fixture
async def mirror_shop(outbox_factory: async_sessionmaker[AsyncSession]) -> MirrorShop:
    return await MirrorShop.open(outbox_factory)
