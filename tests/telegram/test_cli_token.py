"""A token of the wrong shape is called malformed, with the shape it should have, by every
command that needs it; a missing one is called missing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REDIS_URL

pytestmark = pytest.mark.subprocess

MALFORMED = "7701234567-AAH-pasted-without-its-colon"
SHAPE = "123456:ABC"


def stobot(tmp_path: Path, *args: str, token: str | None) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'shop.sqlite3'}",
        "REDIS_URL": REDIS_URL,
        **({"BOT_TOKEN": token} if token is not None else {}),
        **({"PYTHONPATH": os.environ["PYTHONPATH"]} if "PYTHONPATH" in os.environ else {}),
    }
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


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
