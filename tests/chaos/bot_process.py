"""`stobot run` as a real process against a local fake Bot API server that can be made to hang
on sendMessage (the request is taken and never answered, and the message never delivered).
A test waits on it with `until` (tests/waits.py): for the event, or for the process to exit."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import Awaitable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from aiohttp import web

from tests.chaos.redis_server import free_port
from tests.waits import Watched, until

T = TypeVar("T")

TOKEN = "123456789:AAH-test-token-abcdefghijklmnopqrstu"
_IMPORTED = b"stobot-test: imported"
_LAUNCH = (
    "import sys; import bot.runner; from bot.cli.commands import main; "
    f"print({_IMPORTED.decode()!r}, flush=True); "
    # An end of input (the test process died before `go()`) ends it instead of starting a bot.
    "sys.exit(main(['run']) if sys.stdin.readline() else 1)"
)


class FakeBotApi:
    """getMe, webhooks, empty long polls, and sendMessage recorded as delivered, unless
    `hang_send` is set: then the call waits until `release()` and delivers nothing.
    `holding` is set while at least one sendMessage is held (`held` of them)."""

    def __init__(self) -> None:
        self.delivered: list[dict[str, Any]] = []
        self.held = 0
        self.holding = asyncio.Event()
        self.hang_send = False
        self._release = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.port = free_port()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post(f"/bot{TOKEN}/{{method}}", self._handle)
        self._runner = web.AppRunner(app, shutdown_timeout=1)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()

    def release(self) -> None:
        self._release.set()

    async def stop(self) -> None:
        self.release()
        if self._runner is not None:
            await self._runner.cleanup()

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"].lower()
        if request.content_type == "application/json":
            params = await request.json()
        else:
            params = dict(await request.post())
        result: object = True
        if method == "getme":
            result = {"id": 42, "is_bot": True, "first_name": "СТО", "username": "sto_bot"}
        elif method == "getupdates":
            await asyncio.sleep(0.2)
            result = []
        elif method == "getfile":
            return web.json_response(
                {"ok": False, "error_code": 400, "description": "Bad Request: file is too big"}
            )
        elif method == "sendmessage":
            if self.hang_send:
                self.held += 1
                self.holding.set()
                try:
                    await self._release.wait()
                finally:
                    self.held -= 1
                    if not self.held:
                        self.holding.clear()
                return web.json_response(
                    {"ok": False, "error_code": 502, "description": "Bad Gateway"}, status=502
                )
            self.delivered.append(params)
            result = {
                "message_id": len(self.delivered),
                "date": 1763900000,
                "chat": {"id": int(params["chat_id"]), "type": "private"},
                "text": params["text"],
            }
        return web.json_response({"ok": True, "result": result})


class BotProcess:
    """One `python -m bot run`; its output is read as it comes (a full pipe would block the
    bot's logging, and with it the bot) and kept for the assertion messages."""

    def __init__(self, cwd: Path, env: Mapping[str, str]) -> None:
        self.cwd = cwd
        self.env = {
            "PATH": os.environ["PATH"],
            "HOME": str(cwd),
            "BOT_TOKEN": TOKEN,
            "WEBHOOK_HOST": "127.0.0.1",
            "WEBHOOK_PORT": str(free_port()),
            **({"PYTHONPATH": os.environ["PYTHONPATH"]} if "PYTHONPATH" in os.environ else {}),
            **env,
        }
        self.watched: Watched | None = None

    async def spawn(self) -> None:
        """A fresh process that imports everything and then waits, touching nothing, for
        `go()`: importing aiogram and the bot takes seconds on a busy machine, and the test
        need not wait for that between the kill and the restart."""
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            _LAUNCH,
            cwd=self.cwd,
            env=self.env,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        self.watched = Watched(process, marker=_IMPORTED)

    def go(self) -> None:
        """`stobot run` from here on, exactly as `python -m bot run` would."""
        assert self.watched is not None and self.watched.process.stdin is not None
        self.watched.process.stdin.write(b"run\n")

    async def start(self) -> None:
        await self.spawn()
        self.go()

    async def until(self, event: Awaitable[T], what: str) -> T:
        """`event`'s result once it comes; the bot exiting first fails at once, with its log
        and whether it had finished importing; nothing else bounds the wait but HANG."""
        assert self.watched is not None
        imported = "imported" if self.watched.marked.is_set() else "still importing"
        return await until(
            event, f"{what} (the bot {imported} at the start of the wait)", self.watched
        )

    async def kill(self) -> None:
        """SIGKILL: no shutdown code runs, leases stay as they were."""
        if self.watched is not None:
            await self.watched.end(signal.SIGKILL)

    async def stop(self) -> None:
        if self.watched is not None:
            await self.watched.end(signal.SIGTERM)

    @property
    def log(self) -> str:
        return self.watched.log if self.watched is not None else ""
