"""Bitrix24 error envelope: HTTP status + `error` code string + `error_description`.

Codes are kept exactly as the contract (§3) lists them, traps included: old crm uses an
empty code, tasks use "0" / ERROR_CORE, crm.item uses NOT_FOUND - all with HTTP 400.
"""

from __future__ import annotations


class B24Error(Exception):
    def __init__(self, status: int, code: str, description: str) -> None:
        super().__init__(f"{status} {code}: {description}")
        self.status = status
        self.code = code
        self.description = description

    def body(self) -> dict[str, str]:
        return {"error": self.code, "error_description": self.description}


def crm_not_found() -> B24Error:
    return B24Error(400, "", "Not found")


def crm_bad_id() -> B24Error:
    return B24Error(400, "", "ID is not defined or invalid.")


def crm_fields_not_array() -> B24Error:
    return B24Error(400, "", "Parameter 'fields' must be array.")


def item_not_found(what: str = "Element") -> B24Error:
    return B24Error(400, "NOT_FOUND", f"{what} not found")


def invalid_arg(description: str) -> B24Error:
    return B24Error(400, "INVALID_ARG_VALUE", description)


def task_not_allowed() -> B24Error:
    return B24Error(400, "0", "Action on the task is not allowed")


def task_core(description: str) -> B24Error:
    # the tasks module leaks its HTML-ish text, trailing <br> included
    return B24Error(400, "ERROR_CORE", f"{description}<br>")


def method_not_found(method: str) -> B24Error:
    return B24Error(404, "ERROR_METHOD_NOT_FOUND", "Method not found!")


def query_limit() -> B24Error:
    return B24Error(503, "QUERY_LIMIT_EXCEEDED", "Too many requests")


def operation_time_limit() -> B24Error:
    return B24Error(429, "OPERATION_TIME_LIMIT", "Method is blocked due to operation time limit.")


def internal() -> B24Error:
    return B24Error(500, "INTERNAL_SERVER_ERROR", "Internal server error")
