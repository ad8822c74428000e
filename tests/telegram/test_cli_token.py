"""A token of the wrong shape is called malformed, with the shape it should have, by every
command that needs it; a missing one is called missing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REDIS_URL
from tests.telegram.test_cli_staff import stobot as run_stobot

pytestmark = pytest.mark.subprocess

MALFORMED = "7701234567-AAH-pasted-without-its-colon"
SHAPE = "123456:ABC"


def stobot(tmp_path: Path, *args: str, token: str | None) -> subprocess.CompletedProcess[str]:
    return run_stobot(tmp_path, *args, redis_url=REDIS_URL, token=token)


def test_staff_add_says_the_token_is_malformed(tmp_path):
    added = stobot(
        tmp_path, "staff", "add", "--telegram-id", "7", "--role", "master", token=MALFORMED
    )
    assert added.returncode == 0, added.stderr  # the employee is added all the same
    assert "BOT_TOKEN is malformed" in added.stderr and SHAPE in added.stderr
    assert "not set" not in added.stderr and MALFORMED not in added.stderr
    missing = stobot(tmp_path, "staff", "add", "--telegram-id", "7", "--role", "head", token=None)
    assert missing.returncode == 0 and "BOT_TOKEN is not set here" in missing.stderr


@pytest.mark.parametrize(
    "args", [("run",), ("staff", "invite", "--role", "master")], ids=["run", "invite"]
)
def test_commands_that_need_the_token_say_it_is_malformed(tmp_path, args):
    result = stobot(tmp_path, *args, token=MALFORMED)
    assert result.returncode == 2
    first, *rest = result.stderr.splitlines()
    assert rest == [] and first.startswith("Configuration error: BOT_TOKEN is malformed")
    assert SHAPE in first and "@BotFather" in first and MALFORMED not in first


def test_an_empty_token_is_called_not_set(tmp_path):
    result = stobot(tmp_path, "staff", "invite", "--role", "master", token="")
    assert result.returncode == 2
    assert "BOT_TOKEN is required but not set" in result.stderr, result.stderr
    assert "malformed" not in result.stderr


def test_one_shot_logs_mask_the_webhook_secret_derived_from_the_token(monkeypatch):
    from bot.app import webhook_secret
    from bot.cli.commands import log_secrets, one_shot_secrets
    from bot.settings import load_settings

    token = "123456789:AAH-test-token-abcdefghijklmnopqrstu"
    monkeypatch.setenv("BOT_TOKEN", token)
    monkeypatch.delenv("WEBHOOK_SECRET", raising=False)
    monkeypatch.setenv("SHOP_TIMEZONE", "Mars/Olympus")  # no business of the log redactor
    found = one_shot_secrets()
    assert token in found
    monkeypatch.setenv("SHOP_TIMEZONE", "Europe/Moscow")
    settings = load_settings(env_file=None)
    assert webhook_secret(settings) in found
    assert set(log_secrets(settings)) == set(found)


def test_import_reads_the_language_despite_another_bad_setting(tmp_path):
    from services.importer.sample import write_csv

    export = write_csv(tmp_path / "e.csv", 5)
    env_result = subprocess.run(
        [sys.executable, "-m", "bot", "import", str(export), "--profile", "dealer_ru", "--dry-run"],
        cwd=tmp_path,
        env={
            "PATH": os.environ["PATH"],
            "HOME": str(tmp_path),
            "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'shop.sqlite3'}",
            "SHOP_TIMEZONE": "Mars/Olympus",
            **({"PYTHONPATH": os.environ["PYTHONPATH"]} if "PYTHONPATH" in os.environ else {}),
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert env_result.returncode == 0, env_result.stderr
    assert "read 5" in env_result.stdout
