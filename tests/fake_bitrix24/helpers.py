"""Tiny request helper for the fake's own tests (plain aiohttp, no real client)."""

from __future__ import annotations

from typing import Any

import aiohttp

from tests.fake_bitrix24.portal import FakePortal


async def rest(
    http: aiohttp.ClientSession, portal: FakePortal, method: str, payload: Any = None, **kw: Any
) -> tuple[int, Any]:
    """POST JSON (or form data via data=...) and return (status, decoded body)."""
    if "data" not in kw and payload is not None:
        kw["json"] = payload
    async with http.post(portal.url(method), **kw) as resp:
        return resp.status, await resp.json(content_type=None)


async def ok(
    http: aiohttp.ClientSession, portal: FakePortal, method: str, payload: Any = None, **kw: Any
) -> Any:
    status, body = await rest(http, portal, method, payload, **kw)
    assert status == 200, body
    return body["result"]
