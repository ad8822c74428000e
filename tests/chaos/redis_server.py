"""A private `redis-server` for chaos tests: its own port and directory, append-only file
fsynced on every write (as a production Redis with persistence), stopped and started at will.

The machine's shared Redis is never touched; a test that restarts Redis restarts this one.
"""

from __future__ import annotations

import asyncio
import shutil
import socket
from pathlib import Path

from tests.waits import HANG, polled

REDIS_SERVER = shutil.which("redis-server")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class RedisServer:
    def __init__(self, directory: Path) -> None:
        assert REDIS_SERVER is not None
        self.directory = directory
        self.port = free_port()
        self.process: asyncio.subprocess.Process | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    async def start(self) -> None:
        options = {
            "port": str(self.port),
            "bind": "127.0.0.1",
            "dir": str(self.directory),
            "appendonly": "yes",
            "appendfsync": "always",
            "save": "",
            "daemonize": "no",
            "logfile": str(self.directory / "redis.log"),
        }
        self.process = await asyncio.create_subprocess_exec(
            str(REDIS_SERVER),
            *(part for name, value in options.items() for part in (f"--{name}", value)),
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        # Until it answers PING, or exits (then its log says why); HANG only catches a hang.
        answers = asyncio.ensure_future(polled(self._answers, every=0.05))
        exited = asyncio.ensure_future(self.process.wait())
        try:
            await asyncio.wait({answers, exited}, timeout=HANG, return_when=asyncio.FIRST_COMPLETED)
        finally:
            answers.cancel()
            exited.cancel()
        if not (answers.done() and not answers.cancelled()):
            raise RuntimeError(f"redis-server did not start: {self._log_tail()}")

    async def stop(self) -> None:
        """SIGTERM, as an orchestrator stops it: Redis flushes the append-only file and exits."""
        if self.process is None:
            return
        self.process.terminate()
        await asyncio.wait_for(self.process.wait(), HANG)
        self.process = None

    async def restart(self) -> None:
        await self.stop()
        await self.start()

    async def _answers(self) -> bool:
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        except OSError:
            return False
        try:
            writer.write(b"PING\r\n")
            await writer.drain()
            # A server that took the connection answers; only a hang waits HANG.
            return (await asyncio.wait_for(reader.readline(), HANG)).startswith(b"+PONG")
        except (OSError, TimeoutError):
            return False
        finally:
            writer.close()

    def _log_tail(self) -> str:
        log = self.directory / "redis.log"
        return log.read_text(errors="replace")[-2000:] if log.exists() else "(no log)"
