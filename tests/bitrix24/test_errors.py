"""Errors are chosen by the portal's code, not by the HTTP status, and keep its description."""

from __future__ import annotations

import pytest

from services.crm.bitrix24.errors import (
    AccessDenied,
    AuthError,
    Bitrix24Error,
    InvalidRequest,
    NotFound,
    OperationTimeLimit,
    QueryLimitExceeded,
    ServerError,
    error_from_payload,
)


@pytest.mark.parametrize(
    ("payload", "status", "cls"),
    [
        (
            {"error": "QUERY_LIMIT_EXCEEDED", "error_description": "Too many requests"},
            503,
            QueryLimitExceeded,
        ),
        (
            {"error": "OPERATION_TIME_LIMIT", "error_description": "Method is blocked"},
            429,
            OperationTimeLimit,
        ),
        # Docs say 403, real portals answer 401: both are an auth problem.
        (
            {"error": "INVALID_CREDENTIALS", "error_description": "Invalid request credentials"},
            401,
            AuthError,
        ),
        (
            {"error": "INVALID_CREDENTIALS", "error_description": "Invalid request credentials"},
            403,
            AuthError,
        ),
        (
            {"error": "expired_token", "error_description": "The access token expired"},
            401,
            AuthError,
        ),
        ({"error": "insufficient_scope", "error_description": ""}, 401, AccessDenied),
        ({"error": "NOT_FOUND", "error_description": "Element not found"}, 400, NotFound),
        ({"error": "", "error_description": "Not found"}, 400, NotFound),
        (
            {"error": "0", "error_description": "Action on the task is not allowed"},
            400,
            InvalidRequest,
        ),
        (
            {"error": "ERROR_CORE", "error_description": "Task title is not specified<br>"},
            400,
            InvalidRequest,
        ),
        ({"error": "INTERNAL_SERVER_ERROR", "error_description": "Internal"}, 500, ServerError),
        ({"error": "SOMETHING_NEW", "error_description": "?"}, 502, ServerError),
        ({"error": {"code": "BITRIX_REST_V3_EXCEPTION_X", "message": "bad"}}, 400, InvalidRequest),
    ],
)
def test_mapping_by_code(payload: dict, status: int, cls: type[Bitrix24Error]) -> None:
    error = error_from_payload(payload, status=status, method="crm.deal.get")
    assert type(error) is cls
    assert error.status == status
    assert error.method == "crm.deal.get"
    expected = (
        payload["error"]["message"]
        if isinstance(payload["error"], dict)
        else payload["error_description"]
    )
    assert error.description == expected
    assert expected in str(error)


def test_only_ambiguous_failures_may_have_executed() -> None:
    assert error_from_payload({"error": "INTERNAL_SERVER_ERROR"}, status=500).maybe_executed
    assert not error_from_payload({"error": "QUERY_LIMIT_EXCEEDED"}, status=503).maybe_executed
    assert not error_from_payload(
        {"error": "", "error_description": "x"}, status=400
    ).maybe_executed
