"""`stobot staff …` from the command line, on a SQLite file, as an operator would run it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.waits import HANG

pytestmark = pytest.mark.subprocess


TOKEN = "123456789:AAH-test-token-abcdefghijklmnopqrstu"


def stobot(
    tmp_path: Path, *args: str, redis_url: str | None = None, token: str | None = TOKEN
) -> subprocess.CompletedProcess[str]:
    """`stobot …` as an operator runs it; `token=None` leaves BOT_TOKEN unset."""
    env = {
        **({"REDIS_URL": redis_url} if redis_url else {}),
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'shop.sqlite3'}",
        **({"BOT_TOKEN": token} if token is not None else {}),
        "BOT_USERNAME": "sto_shop_bot",
        **({"PYTHONPATH": os.environ["PYTHONPATH"]} if "PYTHONPATH" in os.environ else {}),
    }
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=HANG,  # the exit is the event; HANG only catches a hang
    )


def test_staff_add_list_invite_deactivate(tmp_path):
    added = stobot(
        tmp_path,
        "staff",
        "add",
        "--telegram-id",
        "555",
        "--role",
        "director",
        "--role",
        "master",
        "--name",
        "Ирина Петрова",
    )
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip() == "added Ирина Петрова (telegram id 555): master, director"

    listed = stobot(tmp_path, "staff", "list")
    assert "555\tИрина Петрова\tmaster,director\tactive" in listed.stdout

    invite = stobot(tmp_path, "staff", "invite", "--role", "supplier", "--hours", "2")
    assert invite.returncode == 0, invite.stderr
    assert re.match(r"https://t\.me/sto_shop_bot\?start=[\w-]{32}\n", invite.stdout)

    gone = stobot(tmp_path, "staff", "deactivate", "--telegram-id", "555")
    assert gone.returncode == 0 and "deactivated" in gone.stdout
    assert "inactive" in stobot(tmp_path, "staff", "list").stdout


def test_bad_role_and_unknown_employee_are_one_line_errors(tmp_path):
    bad = stobot(tmp_path, "staff", "add", "--telegram-id", "1", "--role", "boss")
    assert bad.returncode == 2 and "unknown role 'boss'" in bad.stderr
    missing = stobot(tmp_path, "staff", "deactivate", "--telegram-id", "404")
    assert missing.returncode == 1
    assert missing.stderr.strip() == "error: employee with telegram id 404 not found"


async def test_a_change_is_announced_to_running_bots_through_redis(tmp_path):
    """Bots keep employees in memory (services/staff/directory.py); `stobot staff` bumps the
    shared staff generation so their next update reads the change."""
    from redis.asyncio import Redis

    from services.staff.directory import generation_key
    from tests.conftest import REDIS_URL

    # A bot of its own: other tests (and other runs on this machine) bump the shared test bot's
    # generation key whenever they commit staff.
    bot_id = 900000000 + os.getpid() % 100000
    token = f"{bot_id}:AAH-own-token-of-the-announce-test-xyz"
    redis = Redis.from_url(REDIS_URL)
    key = generation_key(bot_id)
    try:
        before = int(await redis.get(key) or 0)
        added = stobot(
            tmp_path,
            "staff",
            "add",
            "--telegram-id",
            "556",
            "--name",
            "Оля",
            "--role",
            "master",
            redis_url=REDIS_URL,
            token=token,
        )
        assert added.returncode == 0, added.stderr
        gone = stobot(
            tmp_path,
            "staff",
            "deactivate",
            "--telegram-id",
            "556",
            redis_url=REDIS_URL,
            token=token,
        )
        assert gone.returncode == 0, gone.stderr
        assert int(await redis.get(key) or 0) == before + 2
        listed = stobot(tmp_path, "staff", "list", redis_url=REDIS_URL, token=token)
        assert int(await redis.get(key) or 0) == before + 2 and listed.returncode == 0
    finally:
        await redis.aclose()
