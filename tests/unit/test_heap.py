"""The start-up freeze (bot/runtime/heap.py) and the fake session's forgetting, both of which keep a
long-running process's full garbage collections small."""

from __future__ import annotations

import gc

from aiogram.methods import SendMessage

from bot.runtime.heap import freeze_startup_objects
from bot.testing.fake_telegram import FakeTelegramSession


class Built:
    """Something the start-up builds and keeps."""


def test_what_start_up_built_is_out_of_the_collectors_sight() -> None:
    built = [Built() for _ in range(100)]
    try:
        freeze_startup_objects()
        assert gc.get_freeze_count() >= 100
        assert not any(isinstance(o, Built) for o in gc.get_objects())
        after = Built()
        holder = [after]  # a container: tracked by the collector
        assert any(o is holder for o in gc.get_objects())
    finally:
        gc.unfreeze()
    assert sum(isinstance(o, Built) for o in gc.get_objects()) == len(built) + 1  # and `after`


async def test_forget_keeps_each_chats_last_screens_only() -> None:
    session = FakeTelegramSession()
    for chat_id in (1, 2):
        for n in range(10):
            session.calls.append(SendMessage(chat_id=chat_id, text=str(n)))
            session._sent(chat_id, text=f"{chat_id}:{n}", markup=None)
    session.forget(keep_last=3)
    assert session.calls == []
    assert [m.text for m in session.chats[1].values()] == ["1:7", "1:8", "1:9"]
    assert [m.text for m in session.chats[2].values()] == ["2:7", "2:8", "2:9"]
    session.forget(keep_last=0)
    assert all(not chat for chat in session.chats.values())
