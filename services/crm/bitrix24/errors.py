"""Typed Bitrix24 errors, chosen by the portal's `error` code, never by the HTTP status.

The portal's statuses disagree with its own docs (a wrong secret is 401 or 403, "not found" is
400 — contract §3), so the code string decides. Every error keeps the portal's description.
"""

from __future__ import annotations

from typing import Any


class Bitrix24Error(Exception):
    """Any failure talking to Bitrix24.

    `maybe_executed` is True when the portal may have carried the call out although we got no
    answer for it (a 500, a dropped connection): such a create must be looked up before it is
    sent again.
    """

    retryable = False
    maybe_executed = False

    def __init__(
        self,
        code: str = "",
        description: str = "",
        *,
        status: int | None = None,
        method: str | None = None,
    ) -> None:
        self.code = code
        self.description = description
        self.status = status
        self.method = method
        super().__init__(self._text())

    def _text(self) -> str:
        where = f"{self.method}: " if self.method else ""
        code = self.code or "<no code>"
        status = f" (HTTP {self.status})" if self.status is not None else ""
        return f"{where}{code}: {self.description}{status}".rstrip()


class Bitrix24NetworkError(Bitrix24Error):
    """No usable answer: connection refused or dropped, timeout, a non-JSON page from a proxy."""

    retryable = True

    def __init__(
        self,
        description: str,
        *,
        maybe_executed: bool,
        timed_out: bool = False,
        method: str | None = None,
        status: int | None = None,
    ) -> None:
        self.maybe_executed = maybe_executed
        # The portal may still be running the call (it stops at 60 s): look-ups must wait.
        self.timed_out = timed_out
        # The portal is down: no connection, or the front's 503 page instead of an answer.
        # Such a request never reached the portal's bucket (the client counts it so too).
        self.unserved = False
        super().__init__("", description, status=status, method=method)


class QueryLimitExceeded(Bitrix24Error):
    """503 QUERY_LIMIT_EXCEEDED: the leaky bucket was full; the call was not executed."""

    retryable = True


class OperationTimeLimit(Bitrix24Error):
    """429 OPERATION_TIME_LIMIT: this method's time budget is spent until `reset_at` (unix s)."""

    reset_at: float | None = None


class OverloadLimit(Bitrix24Error):
    """503 OVERLOAD_LIMIT: blocked by Bitrix24 support; retrying will not help."""


class AuthError(Bitrix24Error):
    """The webhook is wrong, expired or deleted."""


class AccessDenied(Bitrix24Error):
    """The webhook's user or scopes do not allow this call."""


class MethodNotFound(Bitrix24Error):
    pass


class NotFound(Bitrix24Error):
    """The entity does not exist (or was deleted in the portal)."""


class InvalidRequest(Bitrix24Error):
    """The portal rejected the parameters; the same call will fail again."""


class BatchError(Bitrix24Error):
    """The batch itself was refused: too long, or a method not allowed inside a batch."""


class ServerError(Bitrix24Error):
    """The portal failed; it may or may not have executed the call."""

    maybe_executed = True


class PortalUnavailable(Bitrix24Error):
    """The portal is deleted, closed, or unpaid."""


class NotExecuted(Bitrix24Error):
    """A batch command that did not run because an earlier one failed with `halt`."""


_BY_CODE: dict[str, type[Bitrix24Error]] = {
    "QUERY_LIMIT_EXCEEDED": QueryLimitExceeded,
    "OPERATION_TIME_LIMIT": OperationTimeLimit,
    "OVERLOAD_LIMIT": OverloadLimit,
    "NO_AUTH_FOUND": AuthError,
    "INVALID_CREDENTIALS": AuthError,
    "EXPIRED_TOKEN": AuthError,
    "INVALID_TOKEN": AuthError,
    "WRONG_AUTH_TYPE": AuthError,
    "METHOD_CONFIRM_WAITING": AuthError,
    "ACCESS_DENIED": AccessDenied,
    "INSUFFICIENT_SCOPE": AccessDenied,
    "USER_ACCESS_ERROR": AccessDenied,
    "ALLOWED_ONLY_INTRANET_USER": AccessDenied,
    "ERROR_METHOD_NOT_FOUND": MethodNotFound,
    "ERROR_MANIFEST_IS_NOT_AVAILABLE": MethodNotFound,
    "NOT_FOUND": NotFound,
    "OWNER_NOT_FOUND": NotFound,
    "INVALID_REQUEST": InvalidRequest,
    "INVALID_ARG_VALUE": InvalidRequest,
    "ERROR_BATCH_LENGTH_EXCEEDED": BatchError,
    "ERROR_BATCH_METHOD_NOT_ALLOWED": BatchError,
    "INTERNAL_SERVER_ERROR": ServerError,
    "ERROR_UNEXPECTED_ANSWER": ServerError,
    "PORTAL_DELETED": PortalUnavailable,
    "PAYMENT_REQUIRED": PortalUnavailable,
}


def error_from_payload(
    payload: Any, *, status: int | None = None, method: str | None = None
) -> Bitrix24Error:
    """The typed error for an error envelope (REST 2: `{"error": code, "error_description": …}`,
    REST 3: `{"error": {"code": …, "message": …}}`)."""
    raw = payload.get("error") if isinstance(payload, dict) else None
    if isinstance(raw, dict):
        code = str(raw.get("code") or "")
        description = str(raw.get("message") or "")
    else:
        code = "" if raw is None else str(raw)
        description = (
            str(payload.get("error_description") or "") if isinstance(payload, dict) else ""
        )
    return error_from_code(code, description, status=status, method=method)


def error_from_code(
    code: str, description: str, *, status: int | None = None, method: str | None = None
) -> Bitrix24Error:
    # Both official SDKs compare codes case-insensitively (expired_token / EXPIRED_TOKEN).
    cls = _BY_CODE.get(code.upper())
    if cls is None and code in ("", "0") and description.strip().lower().rstrip(".") == "not found":
        # Old crm.* answers a missing id with an empty code and this text (contract §3).
        cls = NotFound
    if cls is None:
        cls = ServerError if status is not None and status >= 500 else InvalidRequest
    return cls(code, description, status=status, method=method)
