from collections.abc import AsyncIterator

import aiohttp
import pytest

from tests.fake_bitrix24.fixtures import fake_portal  # noqa: F401


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session
