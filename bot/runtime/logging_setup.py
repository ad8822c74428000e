"""Structured logs (structlog) for our code and the libraries', with secrets and phones masked."""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterable
from typing import Any

import structlog

# +7 916 123-45-67, 89161234567, 7(916)1234567 …: anything phone-shaped keeps its last 2 digits.
_PHONE_RE = re.compile(r"(?<![\w])\+?\d(?:[\s\-()]*\d){9,14}(?![\w])")


class Redactor:
    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self.secrets = [s for s in secrets if s]

    def __call__(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "***")
        return _PHONE_RE.sub(_mask_phone_match, text)

    def processor(self, _logger: Any, _name: str, event_dict: dict[str, Any]) -> dict[str, Any]:
        # Only strings: Telegram ids are ints and must stay readable.
        return {k: self(v) if isinstance(v, str) else v for k, v in event_dict.items()}


# A time stamp in a library's message ("next run at: 2026-11-24 03:05:07") is digit-shaped
# like a phone; it is not one.
_DATE_TIME_RE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}(?::\d{2}){0,2})?")


def _mask_phone_match(match: re.Match[str]) -> str:
    if _DATE_TIME_RE.fullmatch(match.group(0)):
        return match.group(0)
    digits = re.sub(r"\D", "", match.group(0))
    return "*" * (len(digits) - 2) + digits[-2:]


class _RedactingFilter(logging.Filter):
    def __init__(self, redactor: Redactor) -> None:
        super().__init__()
        self.redactor = redactor

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, dict):
            return True  # a structlog event: its processor chain redacts it
        record.msg = self.redactor(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redactor(record.exc_text)
        return True


def setup_logging(secrets: Iterable[str] = (), level: str = "INFO", json: bool = False) -> Redactor:
    redactor = Redactor(secrets)
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    renderer: Any = (
        structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer(colors=False)
    )
    structlog.configure(
        processors=[
            *shared,
            structlog.processors.format_exc_info,
            redactor.processor,
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=False,
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                redactor.processor,
                renderer,
            ],
            foreign_pre_chain=shared,
        )
    )
    handler.addFilter(_RedactingFilter(redactor))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    return redactor
