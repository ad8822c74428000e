"""The inbox's own rules: bracket keys, the check, and what a failing event does."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from services.crm.inbound import inbox
from services.crm.inbound.form import nest
from services.storage.models import InboxEvent

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
PAYLOAD = {
    "event": "ONTASKUPDATE",
    "data": {"FIELDS_AFTER": {"ID": "77"}, "FIELDS_BEFORE": "undefined"},
    "ts": "1766047124",
    "auth": {"domain": "svc.bitrix24.ru", "application_token": "tok"},
}


def test_php_bracket_keys_nest() -> None:
    pairs = [
        ("event", "ONCRMDEALUPDATE"),
        ("data[FIELDS][ID]", "812"),
        ("auth[application_token]", "tok"),
        ("list[]", "a"),
        ("list[]", "b"),
    ]
    assert nest(pairs) == {
        "event": "ONCRMDEALUPDATE",
        "data": {"FIELDS": {"ID": "812"}},
        "auth": {"application_token": "tok"},
        "list": {"0": "a", "1": "b"},
    }


def test_verifier_wants_token_and_domain() -> None:
    verifier = inbox.Verifier("tok", "https://svc.bitrix24.ru/rest/1/x/")
    assert verifier.accepts(PAYLOAD)
    assert not verifier.accepts({**PAYLOAD, "auth": {**PAYLOAD["auth"], "application_token": "t"}})
    assert not verifier.accepts({**PAYLOAD, "auth": {**PAYLOAD["auth"], "domain": "x.ru"}})
    assert not verifier.accepts({"event": "ONTASKUPDATE"})
    assert not inbox.Verifier("").accepts(PAYLOAD)


async def test_stored_without_token_and_given_up_after_attempts(session: AsyncSession) -> None:
    assert await inbox.store(session, PAYLOAD, NOW)
    assert not await inbox.store(session, PAYLOAD, NOW)  # equal and still waiting
    [row] = await inbox.take(session, NOW)
    assert row.entity_id == 77 and "auth" not in (row.payload or {})
    for _ in range(inbox.MAX_ATTEMPTS):
        held = await inbox.claim(session, row.id, NOW)
        assert held is not None
        await inbox.finish(session, row.id, NOW, "portal: down", held=held, failed=True)
    stored = await session.get(InboxEvent, row.id)
    assert stored is not None and stored.status == inbox.FAILED
    assert not await inbox.claim(session, row.id, NOW)


async def test_event_of_a_process_that_died_is_taken_again_after_its_lease(
    session: AsyncSession,
) -> None:
    assert await inbox.store(session, PAYLOAD, NOW)
    [row] = await inbox.take(session, NOW)
    first = await inbox.claim(session, row.id, NOW)  # ... and the process stalls here
    assert first is not None
    assert not await inbox.claim(session, row.id, NOW)  # another process: still leased
    assert await inbox.take(session, NOW + inbox.LEASE / 2) == []
    later = NOW + inbox.LEASE + timedelta(seconds=1)
    [again] = await inbox.take(session, later)
    assert again.id == row.id
    second = await inbox.claim(session, row.id, later)
    assert second is not None
    # The stalled first process wakes up: its lease is gone, it finishes nothing.
    await inbox.finish(session, row.id, later, "late", held=first)
    assert (await session.get(InboxEvent, row.id, populate_existing=True)).status == inbox.WORKING
    await inbox.finish(session, row.id, later, "nothing changed", held=second)
    assert await inbox.take(session, later + inbox.LEASE * 2) == []
