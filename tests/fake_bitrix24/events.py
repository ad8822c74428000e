"""Outbound events (§12): form-encoded POSTs with PHP bracket keys, never retried.

Stores call fire() synchronously on every change; deliveries run as background tasks so a
slow handler never slows the REST call down (like the portal's queue server). Tests await
flush() before asserting on `deliveries`.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from tests.fake_bitrix24.clock import Clock
from tests.fake_bitrix24.params import build_query


@dataclass
class Delivery:
    event: str
    payload: dict[str, Any]
    body: str
    url: str | None
    status: int | None = None
    error: str | None = None
    dropped: bool = False


@dataclass
class EventEmitter:
    clock: Clock
    handler_url: str | None = None  # None = no outgoing webhook configured
    application_token: str = "fake-application-token"
    domain: str = "fake.bitrix24.ru"
    member_id: str = "d8970e5c2f4f4e0a9b1c3d5e7f901234"
    event_handler_id: str = "1"
    events: set[str] | None = None  # which events are ticked; None = all
    enabled: bool = True
    drop_deliveries: bool = False  # simulate the queue server losing them
    per_type_dynamic_events: bool = False  # also ONCRMDYNAMICITEMUPDATE_1038 etc.
    timeout: float = 5.0
    deliveries: list[Delivery] = field(default_factory=list)
    _pending: set[asyncio.Task[None]] = field(default_factory=set)
    _session: aiohttp.ClientSession | None = None

    def subscribe(
        self, url: str, events: list[str] | None = None, application_token: str | None = None
    ) -> None:
        self.handler_url = url
        self.events = {e.upper() for e in events} if events else None
        if application_token is not None:
            self.application_token = application_token

    def payload(self, event: str, data: dict[str, Any]) -> dict[str, Any]:
        # an outgoing webhook never gets access/refresh tokens, only application_token
        return {
            "event": event,
            "event_handler_id": self.event_handler_id,
            "data": data,
            "ts": str(int(self.clock.time())),
            "auth": {
                "domain": self.domain,
                "client_endpoint": f"https://{self.domain}/rest/",
                "server_endpoint": "https://oauth.bitrix.info/rest/",
                "member_id": self.member_id,
                "application_token": self.application_token,
            },
        }

    def fire(self, event: str, data: dict[str, Any]) -> None:
        """Called by stores on a change; a no-op unless a handler is configured and ticked."""
        if not self.enabled or not self.handler_url:
            return
        if self.events is not None and event.upper() not in self.events:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        task = loop.create_task(self._deliver(event, data))
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def emit(self, event: str, data: dict[str, Any], url: str | None = None) -> Delivery:
        """Send one event now (tests use it to play the portal by hand)."""
        return await self._deliver(event, data, url)

    async def resend(self, delivery: Delivery) -> Delivery:
        """The very same delivery once more, time stamp and all (as a retrying proxy would)."""
        return await self._post(
            Delivery(delivery.event, delivery.payload, delivery.body, delivery.url)
        )

    async def _deliver(self, event: str, data: dict[str, Any], url: str | None = None) -> Delivery:
        target = url or self.handler_url
        payload = self.payload(event, data)
        return await self._post(Delivery(event, payload, build_query(payload), target))

    async def _post(self, delivery: Delivery) -> Delivery:
        target = delivery.url
        self.deliveries.append(delivery)
        if self.drop_deliveries or not target:
            delivery.dropped = True
            return delivery
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession()
        try:
            async with self._session.post(
                target,
                data=delivery.body,
                headers={"Content-Type": "application/x-www-form-urlencoded"},
                timeout=aiohttp.ClientTimeout(total=self.timeout),
            ) as resp:
                delivery.status = resp.status
                await resp.read()
        except (aiohttp.ClientError, TimeoutError) as exc:
            # logged and dropped - the portal never retries (§12)
            delivery.error = f"{type(exc).__name__}: {exc}"
        return delivery

    async def flush(self) -> None:
        while self._pending:
            await asyncio.gather(*list(self._pending), return_exceptions=True)

    async def close(self) -> None:
        await self.flush()
        if self._session is not None:
            await self._session.close()
            self._session = None
