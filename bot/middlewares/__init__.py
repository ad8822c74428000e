"""Outer update middlewares, in the order they run: update dedupe → throttle → DB session →
employee → per-update services."""

from bot.middlewares.auth import EmployeeMiddleware
from bot.middlewares.db import DbSessionMiddleware
from bot.middlewares.services import ServicesMiddleware
from bot.middlewares.throttling import ThrottlingMiddleware

__all__ = [
    "DbSessionMiddleware",
    "EmployeeMiddleware",
    "ServicesMiddleware",
    "ThrottlingMiddleware",
]
