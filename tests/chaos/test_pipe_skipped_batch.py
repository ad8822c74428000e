"""A batch answered with none of its commands run (halt after a failure, or an answer that
lists no results) is sent again by the pipe, and the syncs waiting on it get their answers:
the relay's cycle must never hang on it (it did: the pipe waited for the answer of a batch
that had already been answered, and the relay stopped mirroring until a restart)."""

from __future__ import annotations

import asyncio
from typing import Any

from services.crm.bitrix24 import Batch, Bitrix24Client
from services.crm.bitrix24.batch import BatchResult
from services.crm.mirror.pipe import Pipe
from tests.waits import HANG


class _SkipsFirstBatch:
    """The first batch comes back with nothing run; later ones run every command."""

    def __init__(self) -> None:
        self.batches = 0

    async def __call__(self, batch: Batch, *, idempotent: bool | None = None) -> BatchResult:
        self.batches += 1
        if self.batches == 1:
            return BatchResult.parse(batch, {"result": [], "result_error": []})
        results: dict[str, Any] = {c.key: c.method for c in batch.commands}
        return BatchResult.parse(batch, {"result": results, "result_error": []})


async def test_a_batch_with_nothing_run_is_sent_again_and_answered() -> None:
    client = Bitrix24Client("https://portal.example/rest/1/secret/")
    answers = _SkipsFirstBatch()
    client.batch = answers  # type: ignore[method-assign]
    pipe = Pipe(client)
    try:
        # The answers are the event; HANG only ends the hang this test is about.
        got = await asyncio.wait_for(
            asyncio.gather(pipe.call("crm.contact.list"), pipe.call("crm.deal.list")), HANG
        )
    finally:
        await pipe.close()
        await client.close()
    assert got == ["crm.contact.list", "crm.deal.list"]
    assert answers.batches == 2
