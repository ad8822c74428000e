"""No secret and no full phone number in the logs of a whole pipeline, at DEBUG, through the
real logging set-up: the demo story in Telegram, then the relay sending it all to Bitrix24."""

from __future__ import annotations

import io
import logging
import re

import structlog
from pydantic import SecretStr

from bot.app import webhook_secret
from bot.cli.commands import log_secrets
from bot.runtime.logging_setup import setup_logging
from bot.settings import Bitrix24Settings
from bot.testing.demo.runner import DEMO_TOKEN, run_demo
from services.storage.engine import create_session_factory
from tests.conftest import make_settings
from tests.fake_bitrix24.fixtures import fake_portal  # noqa: F401
from tests.mirror.portal import drain, set_up

# The demo's client: +7 916 123-45-67 in every form a log line could carry it.
PHONE_FORMS = ("+79161234567", "79161234567", "89161234567", "9161234567", "916 123-45-67")


def _digits_runs(text: str) -> set[str]:
    return {re.sub(r"\D", "", m) for m in re.findall(r"\+?\d[\d\s\-()]{8,}\d", text)}


async def test_a_full_pipeline_logs_no_secret_and_no_phone(
    db_engine,
    session_factory,
    fake_portal,  # noqa: F811
    capsys,
) -> None:
    settings = make_settings(
        bot=make_settings().bot.model_copy(update={"token": SecretStr(DEMO_TOKEN)}),
        bitrix24=Bitrix24Settings(webhook_url=SecretStr(fake_portal.webhook_url)),
    )
    secrets = log_secrets(settings)
    assert webhook_secret(settings) in secrets and fake_portal.secret in secrets
    setup_logging(secrets, level="DEBUG")
    try:
        outbox_factory = create_session_factory(db_engine, outbox=True)
        await set_up(fake_portal, outbox_factory)
        await run_demo("ru", out=io.StringIO(), session_factory=outbox_factory)
        await drain(fake_portal, outbox_factory)
        # What a careless line would write, from our code and from a library.
        structlog.get_logger("security").info(
            "probe", url=fake_portal.webhook_url, header=webhook_secret(settings)
        )
        logging.getLogger("aiogram.probe").debug(
            "POST https://api.telegram.org/bot%s/sendMessage phone=%s", DEMO_TOKEN, "+79161234567"
        )
    finally:
        logging.getLogger().handlers.clear()
        logging.getLogger().setLevel(logging.WARNING)
    captured = capsys.readouterr()
    logs = captured.err + captured.out
    assert "probe" in logs and len(logs) > 2000, "the pipeline logged too little to prove much"
    for secret in (DEMO_TOKEN, DEMO_TOKEN.split(":")[1], webhook_secret(settings)):
        assert secret not in logs
    assert fake_portal.secret not in logs and fake_portal.webhook_url not in logs
    for form in PHONE_FORMS:
        assert form not in logs, form
    assert not any(run.endswith("1234567") for run in _digits_runs(logs))
