"""pytest glue: `fake_portal` fixture and `running_portal()` context manager.

Use from any test module: `from tests.fake_bitrix24.fixtures import fake_portal  # noqa: F401`
(or add it to a conftest.py), then take `fake_portal` as a test argument.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest

from tests.fake_bitrix24.portal import FakePortal


@asynccontextmanager
async def running_portal(**kwargs: Any) -> AsyncIterator[FakePortal]:
    portal = FakePortal(**kwargs)
    await portal.start()
    try:
        yield portal
    finally:
        await portal.stop()


@pytest.fixture
async def fake_portal() -> AsyncIterator[FakePortal]:
    async with running_portal() as portal:
        yield portal
