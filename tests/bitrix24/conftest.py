"""Shared pieces for the Bitrix24 client tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from types import SimpleNamespace
from typing import Any

import aiohttp
import aioresponses.core
import pytest

from services.crm.bitrix24 import Bitrix24Client, RetryPolicy

SECRET = "k7x2s3cr3tw3bh00k"
WEBHOOK = f"https://shop.bitrix24.ru/rest/1/{SECRET}/"
# Retries without real waiting, so tests stay fast.
FAST_RETRY = RetryPolicy(base_delay=0.001, max_delay=0.005, operating_margin=0.05)


def url(method: str, base: str = WEBHOOK) -> str:
    return base + method


@pytest.fixture
async def client() -> AsyncIterator[Bitrix24Client]:
    async with Bitrix24Client(WEBHOOK, rate=1000.0, burst=50, retry=FAST_RETRY) as b24:
        yield b24


class _CompatClientResponse(aiohttp.ClientResponse):
    """aioresponses 0.7.9 builds responses without aiohttp 3.14's new `stream_writer`."""

    def __init__(self, method: str, url: Any, **kwargs: Any) -> None:
        kwargs.setdefault("stream_writer", SimpleNamespace(output_size=0))
        super().__init__(method, url, **kwargs)


@pytest.fixture(autouse=True)
def _aioresponses_on_aiohttp_314(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(aioresponses.core, "ClientResponse", _CompatClientResponse)
