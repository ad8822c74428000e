"""The Bitrix24 webhook client: one shared aiohttp session, JSON POSTs, typed errors, the
portal's rate limit kept on our side, safe retries, and the portal's domain change followed."""

from __future__ import annotations

import asyncio
import inspect
import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from typing import Any

import aiohttp
import structlog
from pydantic import SecretStr

from services.crm.bitrix24.batch import Batch, BatchResult
from services.crm.bitrix24.config import Bitrix24Settings
from services.crm.bitrix24.encoding import json_default
from services.crm.bitrix24.errors import (
    Bitrix24Error,
    Bitrix24NetworkError,
    OperationTimeLimit,
    QueryLimitExceeded,
    error_from_code,
    error_from_payload,
)
from services.crm.bitrix24.limiter import PortalBucket
from services.crm.bitrix24.operating import OperatingBudget
from services.crm.bitrix24.paging import iter_list
from services.crm.bitrix24.response import Response
from services.crm.bitrix24.retry import RetryPolicy, is_read_only
from services.crm.bitrix24.webhook import InvalidWebhookUrl, Webhook

log = structlog.get_logger(__name__)

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_MAX_REDIRECTS = 3

OnMoved = Callable[[SecretStr], Awaitable[None] | None]


class Bitrix24Client:
    """Safe to share between any number of coroutines; create one per process and portal."""

    def __init__(
        self,
        webhook_url: str | SecretStr,
        *,
        rate: float = 2.0,
        burst: int = 50,
        timeout: float = 30.0,
        bucket: PortalBucket | None = None,
        session: aiohttp.ClientSession | None = None,
        retry: RetryPolicy | None = None,
        on_moved: OnMoved | None = None,
        user_agent: str = "stobot/0.1",
    ) -> None:
        raw = webhook_url.get_secret_value() if isinstance(webhook_url, SecretStr) else webhook_url
        self._webhook = Webhook.parse(raw)
        self.bucket = bucket or PortalBucket(rate, burst)
        self.retry = retry or RetryPolicy()
        self._operating = OperatingBudget(
            unknown_wait=self.retry.unknown_operating_wait, margin=self.retry.operating_margin
        )
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._session = session
        self._owns_session = session is None
        self._on_moved = on_moved
        self._headers = {
            "Content-Type": "application/json",
            "Accept": "application/json",
            "User-Agent": user_agent,
        }

    @classmethod
    def from_settings(cls, settings: Bitrix24Settings, **kwargs: Any) -> Bitrix24Client:
        if settings.webhook_url is None:
            raise ValueError("BITRIX24_WEBHOOK_URL is not set: Bitrix24 is disabled")
        kwargs.setdefault("rate", settings.effective_rate)
        kwargs.setdefault("burst", settings.effective_burst)
        kwargs.setdefault("timeout", settings.timeout)
        return cls(settings.webhook_url, **kwargs)

    def __repr__(self) -> str:
        return f"Bitrix24Client({self._webhook.redacted})"

    @property
    def portal(self) -> str:
        """The portal's host name (safe to log)."""
        return self._webhook.host

    async def __aenter__(self) -> Bitrix24Client:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.close()

    async def close(self) -> None:
        if self._owns_session and self._session is not None:
            await self._session.close()
            self._session = None

    # ---- public calls -------------------------------------------------------------------

    async def call(
        self,
        method: str,
        params: Mapping[str, Any] | None = None,
        *,
        idempotent: bool | None = None,
    ) -> Any:
        """The method's `result`. `idempotent` says whether a call whose answer was lost may be
        sent again; by default only reads (`*.get`, `*.list`, …) are."""
        return (await self.call_full(method, params, idempotent=idempotent)).result

    async def call_full(
        self,
        method: str,
        params: Mapping[str, Any] | None = None,
        *,
        idempotent: bool | None = None,
    ) -> Response:
        """Like `call`, with `total`, `next` and `time` of the answer."""
        safe = is_read_only(method) if idempotent is None else idempotent
        payload = await self._send(method, self._encode(params or {}), safe)
        return Response.parse(payload)

    async def batch(self, batch: Batch, *, idempotent: bool | None = None) -> BatchResult:
        """Run up to 50 commands in one request (one unit of the rate limit)."""
        if not len(batch):
            return BatchResult.parse(batch, None)
        safe = (
            all(is_read_only(c.method) for c in batch.commands)
            if idempotent is None
            else idempotent
        )
        payload = await self._send("batch", self._encode(batch.payload()), safe)
        body = payload.get("result")
        if not isinstance(body, dict) or not isinstance(body.get("result"), dict | list):
            # `{"result": "OK"}` or the like: read as "no command ran", every command was
            # skipped and retried as if never sent, though the batch may have run.
            raise Bitrix24NetworkError(
                "HTTP 200, a batch answer without its commands' results",
                maybe_executed=True,
                method="batch",
            )
        result = BatchResult.parse(batch, body)
        for key, timing in result.times.items():
            self._operating.note(result.methods[key], timing)
        for key, error in result.errors.items():
            if isinstance(error, OperationTimeLimit):
                error.reset_at = self._operating.exhausted(result.methods[key])
        return result

    def iter_list(
        self, method: str, params: Mapping[str, Any] | None = None, **options: Any
    ) -> AsyncIterator[dict[str, Any]]:
        """All rows of a list method; see `paging.iter_list` for the options."""
        return iter_list(self.call_full, method, params, **options)

    async def reachable(self) -> bool:
        """One request, never retried: False while the portal is down (no connection, or
        the front's 503 page); any Bitrix24 answer, even an error, means it is back."""
        try:
            await self._post("server.time", self._encode({}))
        except Bitrix24NetworkError as exc:
            return not exc.unserved
        except Bitrix24Error:
            return True
        return True

    def held_for(self, method: str) -> float:
        """Seconds `method` stays held after OPERATION_TIME_LIMIT (0 = callable now)."""
        return self._operating.wait_for(method)

    # ---- retries ------------------------------------------------------------------------

    async def _send(self, method: str, body: bytes, safe: bool) -> dict[str, Any]:
        attempt = 0
        while True:
            attempt += 1
            held = self._operating.wait_for(method)
            if held > self.retry.max_operating_wait:
                raise self._held_error(method, held)
            if held:
                await asyncio.sleep(held)
            try:
                payload = await self._post(method, body)
            except QueryLimitExceeded:
                # Not executed, so even a create may go again.
                if attempt >= self.retry.max_attempts:
                    raise
                delay = self.retry.backoff(attempt)
                reason = "QUERY_LIMIT_EXCEEDED"
            except OperationTimeLimit as exc:
                exc.reset_at = self._operating.exhausted(method)
                if attempt >= self.retry.max_attempts:
                    raise
                delay = self._operating.wait_for(method)
                if delay > self.retry.max_operating_wait:
                    raise
                reason = "OPERATION_TIME_LIMIT"
            except Bitrix24NetworkError as exc:
                # A lost answer to a create is not retried here: the caller looks it up first.
                if attempt >= self.retry.max_attempts or (exc.maybe_executed and not safe):
                    raise
                delay = self.retry.backoff(attempt)
                reason = exc.description
            else:
                self._operating.note(method, payload.get("time"))
                return payload
            log.warning(
                "bitrix24_retry",
                portal=self.portal,
                method=method,
                reason=reason,
                attempt=attempt,
                delay=round(delay, 3),
            )
            await asyncio.sleep(delay)

    def _held_error(self, method: str, held: float) -> OperationTimeLimit:
        error = OperationTimeLimit(
            "OPERATION_TIME_LIMIT", f"method held for {held:.0f} s more", method=method
        )
        error.reset_at = time.time() + held
        return error

    # ---- one HTTP exchange ---------------------------------------------------------------

    async def _post(self, method: str, body: bytes) -> dict[str, Any]:
        url = self._webhook.method_url(method)
        for _hop in range(_MAX_REDIRECTS + 1):
            async with self.bucket.slot() as place:
                try:
                    status, location, raw = await self._exchange(method, url, body)
                except Bitrix24NetworkError as exc:
                    if not exc.maybe_executed:
                        place.unserved()  # no connection: nothing reached the portal
                        exc.unserved = True
                    raise
                if status in _REDIRECTS and location:
                    payload = None
                else:
                    try:
                        payload = self._parse(method, status, raw)
                    except Bitrix24NetworkError as exc:
                        if exc.status == 503:
                            # The front's "unavailable" page, no Bitrix24 answer: the portal
                            # is down and its bucket never counted this request.
                            place.unserved()
                            exc.unserved = True
                        raise
            if payload is not None:
                return payload
            # The portal moved (contract §1): POST again, body and all, to the new address.
            url = await self._move(method, url, location or "")
        raise Bitrix24NetworkError("too many redirects", maybe_executed=False, method=method)

    async def _exchange(self, method: str, url: str, body: bytes) -> tuple[int, str | None, bytes]:
        session = self._get_session()
        try:
            async with session.post(
                url, data=body, headers=self._headers, allow_redirects=False, timeout=self._timeout
            ) as resp:
                return resp.status, resp.headers.get("Location"), await resp.read()
        except aiohttp.ClientConnectorError as exc:
            # Could not connect: nothing was sent.
            raise Bitrix24NetworkError(
                self._describe(exc), maybe_executed=False, method=method
            ) from None
        except (aiohttp.ClientError, TimeoutError) as exc:
            # The request may have reached the portal; only the answer is lost.
            raise Bitrix24NetworkError(
                self._describe(exc),
                maybe_executed=True,
                timed_out=isinstance(exc, TimeoutError),
                method=method,
            ) from None

    def _parse(self, method: str, status: int, raw: bytes) -> dict[str, Any]:
        try:
            payload = json.loads(raw) if raw else None
        except ValueError:
            payload = None
        if not isinstance(payload, dict) or ("result" not in payload and "error" not in payload):
            # Not JSON, or JSON that is no Bitrix24 envelope (a proxy's own answer).
            text = f"HTTP {status} without a Bitrix24 answer"
            if status < 400 or status >= 500:
                # A proxy's error page or a cut-off answer: like a dropped connection, the
                # call may have run.
                raise Bitrix24NetworkError(text, maybe_executed=True, method=method, status=status)
            raise error_from_code("", text, status=status, method=method)
        if payload.get("error") is not None and "result" not in payload:
            error = error_from_payload(payload, status=status, method=method)
            if isinstance(error, QueryLimitExceeded):
                # Someone else on this IP/portal is spending the bucket too.
                self.bucket.saturate()
            raise error
        if "result" not in payload:
            raise error_from_code(
                "", f"HTTP {status}, answer without result", status=status, method=method
            )
        return payload

    async def _move(self, method: str, url: str, location: str) -> str:
        try:
            moved = self._webhook.moved_to(location, url)
        except InvalidWebhookUrl as exc:
            raise Bitrix24NetworkError(str(exc), maybe_executed=False, method=method) from None
        log.warning(
            "bitrix24_portal_moved",
            old_portal=self._webhook.host,
            new_portal=moved.host,
            method=method,
        )
        self._webhook = moved
        if self._on_moved is not None:
            outcome = self._on_moved(SecretStr(moved.base))
            if inspect.isawaitable(outcome):
                await outcome
        return moved.method_url(method)

    # ---- helpers ------------------------------------------------------------------------

    def _get_session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            # Enough connections for every request the bucket can let through at once.
            connector = aiohttp.TCPConnector(limit=max(100, self.bucket.burst))
            self._session = aiohttp.ClientSession(connector=connector)
            self._owns_session = True
        return self._session

    @staticmethod
    def _encode(params: Mapping[str, Any]) -> bytes:
        return json.dumps(params, ensure_ascii=False, default=json_default).encode()

    def _describe(self, exc: BaseException) -> str:
        # aiohttp messages may quote the URL; the secret part must not reach a log.
        text = f"{type(exc).__name__}: {exc}".rstrip(": ")
        return self._webhook.redact(text)
