"""Two `stobot run` processes in webhook mode behind one address, sharing PostgreSQL and
Redis: both migrate the same fresh database at once, either may get any update, and an update
Telegram resends to the other process is answered once."""

from __future__ import annotations

import asyncio
import functools
import os
import random
import signal
import sys
from pathlib import Path

import pytest
from aiohttp import ClientSession, web

from tests.conftest import (
    BACKENDS,
    REDIS_URL,
    drop_postgres_database,
    postgres_url,
    scratch_postgres_database,
)
from tests.telegram.test_run_process import FakeBotApi, _free_port
from tests.waits import Watched, polled, until

pytestmark = [
    pytest.mark.subprocess,
    pytest.mark.skipif("postgresql" not in BACKENDS, reason="needs PostgreSQL"),
]
SECRET = "two-instances-secret"


def _update(update_id: int, user_id: int) -> dict:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 1763900000,
            "text": "/start",
            "chat": {"id": user_id, "type": "private"},
            "from": {"id": user_id, "is_bot": False, "first_name": "Гость"},
        },
    }


async def _start(tmp_path: Path, env: dict[str, str], port: int) -> Watched:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=tmp_path,
        env={**env, "WEBHOOK_PORT": str(port)},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    return Watched(process)


async def _healthy(http: ClientSession, port: int) -> bool:
    try:
        async with http.get(f"http://127.0.0.1:{port}/healthz") as response:
            return response.status == 200
    except OSError:  # not listening yet
        return False


async def _fake_bot_api(token: str) -> tuple[FakeBotApi, web.AppRunner, int]:
    """The Bot API both processes call, in webhook mode: nothing is polled."""
    api = FakeBotApi()
    api.updates = []
    app = web.Application()
    app.router.add_post(f"/bot{token}/{{method}}", api.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    port = _free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    return api, runner, port


def _env(tmp_path: Path, token: str, api_port: int, database: str) -> dict[str, str]:
    return {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "BOT_TOKEN": token,
        "TELEGRAM_API_URL": f"http://127.0.0.1:{api_port}",
        "DATABASE_URL": postgres_url(database),
        "REDIS_URL": REDIS_URL,
        "WEBHOOK_URL": "https://bot.example.com",
        "WEBHOOK_SECRET": SECRET,
        "WEBHOOK_HOST": "127.0.0.1",
        **({"PYTHONPATH": os.environ["PYTHONPATH"]} if "PYTHONPATH" in os.environ else {}),
    }


async def _deliver(http: ClientSession, port: int, update: dict) -> int:
    async with http.post(
        f"http://127.0.0.1:{port}/telegram/webhook",
        json=update,
        headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
    ) as response:
        return response.status


async def test_two_processes_answer_every_update_once(tmp_path: Path) -> None:
    # A token of its own, so update-id claims and FSM keys of other runs never meet ours.
    token = f"{random.randrange(10**8, 10**9)}:AAH-two-instances-abcdefghijklmnop"
    api, runner, api_port = await _fake_bot_api(token)
    database = await scratch_postgres_database("stobot_two")
    env = _env(tmp_path, token, api_port, database)
    ports = [_free_port(), _free_port()]
    processes = [await _start(tmp_path, env, port) for port in ports]
    try:
        async with ClientSession() as http:
            # Both serving, however long the starts take on a busy machine; either exiting
            # fails at once with its log.
            for port in ports:
                up = polled(functools.partial(_healthy, http, port))
                await until(up, f"/healthz 200 on port {port}", *processes)

            base = random.randrange(10**6, 10**8)
            updates = [_update(base + n, 50_000 + n) for n in range(20)]
            # Each update goes to one process and, at the same moment, its resend to the other.
            statuses = await asyncio.gather(
                *(_deliver(http, ports[n % 2], u) for n, u in enumerate(updates)),
                *(_deliver(http, ports[(n + 1) % 2], u) for n, u in enumerate(updates)),
            )
        assert set(statuses) == {200}
        answered = sorted(int(m["chat_id"]) for m in api.sent)
        assert answered == [50_000 + n for n in range(20)]  # every update once, none twice
    finally:
        for process in processes:
            process.send(signal.SIGTERM)
        codes = [await process.end() for process in processes]
        await runner.cleanup()
        await drop_postgres_database(database)
    for code, process in zip(codes, processes, strict=True):
        log = process.output.decode()
        assert code == 0, log
        assert token not in log
