"""Chaos fixtures: a private Redis that a test may restart, the dialog tests' shop and the
fake Bitrix24 portal."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.chaos.redis_server import REDIS_SERVER, RedisServer
from tests.dialogs.conftest import shop  # noqa: F401
from tests.fake_bitrix24.fixtures import fake_portal  # noqa: F401


@pytest.fixture
async def private_redis(tmp_path: Path) -> AsyncIterator[RedisServer]:
    if REDIS_SERVER is None:
        pytest.skip("redis-server is not installed (`.ci/run` installs it)")
    server = RedisServer(tmp_path)
    await server.start()
    try:
        yield server
    finally:
        await server.stop()
