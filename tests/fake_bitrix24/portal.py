"""FakePortal: one running fake Bitrix24 portal on 127.0.0.1 with everything a test needs."""

from __future__ import annotations

import socket
from types import TracebackType

from aiohttp import web

from tests.fake_bitrix24.app import create_app
from tests.fake_bitrix24.bucket import PLANS, LeakyBucket, OperatingBudget
from tests.fake_bitrix24.clock import Clock, ScaledClock
from tests.fake_bitrix24.counters import Counters
from tests.fake_bitrix24.events import EventEmitter
from tests.fake_bitrix24.faults import Faults
from tests.fake_bitrix24.stores.state import PortalState


def _free_port(host: str) -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


class FakePortal:
    def __init__(
        self,
        *,
        user_id: int = 1,
        secret: str = "secretcode",
        plan: str = "standard",
        clock: Clock | None = None,
        speed: float = 1.0,
        old_domain: bool = False,
        host: str = "127.0.0.1",
    ) -> None:
        self.user_id = user_id
        self.secret = secret
        self.host = host
        self.clock: Clock = clock or ScaledClock(speed)
        burst, drain = PLANS[plan]
        self.bucket = LeakyBucket(self.clock, burst, drain)
        self.budget = OperatingBudget(self.clock)
        self.counters = Counters()
        self.faults = Faults()
        self.events = EventEmitter(self.clock)
        self.state = PortalState(self.clock, self.events, user_id)
        # bad secret: b24pysdk's live tests saw 401 INVALID_CREDENTIALS; docs say
        # NO_AUTH_FOUND (401) or 403 - configurable (§3, §13.1)
        self.auth_error_status = 401
        self.auth_error_code = "INVALID_CREDENTIALS"
        self.scope_error_status = 401
        self.webhook_disabled = False  # e.g. the webhook expired or was deleted
        self.latency = 0.0  # portal-seconds each command "takes" (slept, scaled by clock)
        self.port = 0
        self.old_port = 0
        self._want_old_domain = old_domain
        self._runner: web.AppRunner | None = None
        self._site: web.TCPSite | None = None
        self._old_site: web.TCPSite | None = None

    # -- urls ---------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def webhook_url(self) -> str:
        return f"{self.base_url}/rest/{self.user_id}/{self.secret}/"

    @property
    def old_webhook_url(self) -> str:
        """The "old domain": every request there answers 302 to webhook_url."""
        if not self.old_port:
            raise RuntimeError("start the portal with old_domain=True")
        return f"http://{self.host}:{self.old_port}/rest/{self.user_id}/{self.secret}/"

    def url(self, method: str) -> str:
        return self.webhook_url + method

    # -- lifecycle ----------------------------------------------------------------------
    async def start(self) -> FakePortal:
        # shutdown_timeout keeps stop() fast even with a hung handler in flight
        self._runner = web.AppRunner(
            create_app(self), shutdown_timeout=0.5, handle_signals=False, access_log=None
        )
        await self._runner.setup()
        self.port = _free_port(self.host)
        await self._listen()
        if self._want_old_domain:
            self.old_port = _free_port(self.host)
            self._old_site = web.TCPSite(self._runner, self.host, self.old_port)
            await self._old_site.start()
        self.state.base_url = self.base_url
        return self

    async def _listen(self) -> None:
        assert self._runner is not None
        self._site = web.TCPSite(self._runner, self.host, self.port, reuse_address=True)
        await self._site.start()

    async def go_down(self) -> None:
        """Stop listening: clients get "connection refused" until come_up()."""
        if self._site is not None:
            await self._site.stop()
            self._site = None
        # keep-alive connections would otherwise keep working
        if self._runner is not None and self._runner.server is not None:
            for conn in self._runner.server.connections:
                conn.force_close()

    async def come_up(self) -> None:
        if self._site is None:
            await self._listen()

    async def stop(self) -> None:
        self.faults.clear()  # releases hung handlers
        await self.events.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakePortal:
        return await self.start()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()
