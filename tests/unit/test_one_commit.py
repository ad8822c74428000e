"""Services end a transaction only through the unit of work: it writes the audit rows that wait
in the session, so a bare `commit()` would drop them without a word."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ALLOWED = {ROOT / "services" / "storage" / "unit_of_work.py"}
BARE_COMMIT = re.compile(r"\.commit\(\)")


def test_services_commit_only_through_the_unit_of_work():
    """Handlers, dialogs and the bot's wiring do not commit at all: they call a use case."""
    found = [
        f"{path.relative_to(ROOT)}:{n}"
        for folder in ("services", "handlers", "dialogs", "bot")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if path not in ALLOWED and "migrations" not in path.parts
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if BARE_COMMIT.search(line)
    ]
    assert not found, f"use `await unit_of_work.commit(session)`: {found}"


def test_no_global_session_hooks_write_for_use_cases():
    """Audit rows and outbox steps are written visibly by the use case, not by listeners."""
    hooks = re.compile(r"listens_for\(Session, \"(before_commit|before_flush)\"")
    found = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "services").rglob("*.py"))
        if hooks.search(path.read_text(encoding="utf-8"))
    ]
    assert not found, found
