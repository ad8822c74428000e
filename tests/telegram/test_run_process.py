"""`stobot run` as a real process: a local Bot API server (TELEGRAM_API_URL), migrations on
start, /healthz, a real update answered, and a clean stop on SIGTERM."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sys
from pathlib import Path

import pytest
from aiohttp import ClientSession, web

from tests.waits import Watched

pytestmark = pytest.mark.subprocess

TOKEN = "123456789:AAH-test-token-abcdefghijklmnopqrstu"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class FakeBotApi:
    """Just enough of the Bot API for a polling bot: getMe, webhooks, one update, sendMessage."""

    def __init__(self) -> None:
        self.sent: list[dict] = []
        self.answered = asyncio.Event()  # set at the first sendMessage
        self.updates = [
            {
                "update_id": 1,
                "message": {
                    "message_id": 1,
                    "date": 1763900000,
                    "text": "/start",
                    "chat": {"id": 777, "type": "private"},
                    "from": {"id": 777, "is_bot": False, "first_name": "Гость"},
                },
            }
        ]

    async def handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"].lower()
        if request.content_type == "application/json":
            params = await request.json()
        else:
            params = dict(await request.post())
        if method == "getme":
            result: object = {"id": 42, "is_bot": True, "first_name": "СТО", "username": "sto_bot"}
        elif method == "getupdates":
            offset = int(params.get("offset") or 0)
            result = [u for u in self.updates if u["update_id"] >= offset]
            if not result:
                await asyncio.sleep(0.2)
        elif method == "sendmessage":
            self.sent.append(params)
            self.answered.set()
            result = {
                "message_id": len(self.sent),
                "date": 1763900000,
                "chat": {"id": int(params["chat_id"]), "type": "private"},
                "text": params["text"],
            }
        else:
            result = True
        return web.json_response({"ok": True, "result": result})


async def test_run_serves_polls_answers_and_stops_on_sigterm(tmp_path: Path):
    api = FakeBotApi()
    app = web.Application()
    app.router.add_post(f"/bot{TOKEN}/{{method}}", api.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    api_port, http_port = _free_port(), _free_port()
    await web.TCPSite(runner, "127.0.0.1", api_port).start()
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": f"http://127.0.0.1:{api_port}",
        "WEBHOOK_HOST": "127.0.0.1",
        "WEBHOOK_PORT": str(http_port),
        **({"PYTHONPATH": os.environ["PYTHONPATH"]} if "PYTHONPATH" in os.environ else {}),
    }
    process = Watched(
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            cwd=tmp_path,
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
    )
    try:
        # The answer is the event (however long the start takes on a busy machine); /healthz
        # is served from before polling starts, so it answers by then.
        await process.until(api.answered.wait(), "an answer to /start")
        async with (
            ClientSession() as http,
            http.get(f"http://127.0.0.1:{http_port}/healthz") as response,
        ):
            health = (response.status, await response.json())
        assert health == (200, {"status": "ok", "database": "ok", "redis": "disabled"})
        # The stranger's /start got the polite refusal, through the custom Bot API server.
        assert api.sent and "только для сотрудников" in api.sent[0]["text"]
        assert (tmp_path / "data" / "stobot.sqlite3").exists()  # migrated on start
    finally:
        code = await process.end(signal.SIGTERM)
        await runner.cleanup()
    log = process.output.decode()
    assert code == 0, log
    assert "bot.stopped" in log and TOKEN not in log
    assert json.dumps(TOKEN) not in log
