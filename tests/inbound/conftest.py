"""Two-way sync fixtures: the fake portal's outgoing webhook pointed at our real endpoint."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from services.storage.engine import create_session_factory
from tests.fake_bitrix24 import FakePortal
from tests.fake_bitrix24.fixtures import fake_portal  # noqa: F401
from tests.inbound.two_way import TwoWay


@pytest.fixture
async def outbox_factory(
    session_factory: async_sessionmaker[AsyncSession], db_engine: AsyncEngine
) -> async_sessionmaker[AsyncSession]:
    return create_session_factory(db_engine, outbox=True)


@pytest.fixture
async def two_way(
    fake_portal: FakePortal,  # noqa: F811
    outbox_factory: async_sessionmaker[AsyncSession],
) -> AsyncIterator[TwoWay]:
    sync = await TwoWay.open(fake_portal, outbox_factory)
    try:
        yield sync
    finally:
        await sync.close()
