"""`stobot demo` on a fresh machine: no token, no database, one complete order printed."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from tests.waits import HANG

pytestmark = pytest.mark.subprocess

# A structlog console line (`2026-12-07 02:59:20 [info     ] notices.queued count=1`) or a
# JSON one: logs belong on stderr, the transcript on stdout is for people.
LOG_LINE = re.compile(
    r"^\S*\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d\S*\s+\[\s*(debug|info|warning|error|critical)\s*\]"
    r'|^\{"event":|"level":'
)


def log_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if LOG_LINE.search(line)]


def run_demo(tmp_path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        **({"PYTHONPATH": os.environ["PYTHONPATH"]} if "PYTHONPATH" in os.environ else {}),
    }
    return subprocess.run(
        [sys.executable, "-m", "bot", "demo", *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=HANG,  # the exit is the event; HANG only catches a hang
    )


def test_demo_prints_a_complete_order_in_russian_and_english(tmp_path):
    ru = run_demo(tmp_path)
    assert ru.returncode == 0, ru.stderr
    assert ru.stdout.splitlines()[0].startswith("stobot demo: один заказ-наряд")
    assert log_lines(ru.stdout) == [] and "notices.queued" not in ru.stdout
    assert "Готово: заказ № 1 на этапе «Успешно завершено»" in ru.stdout
    for person in (
        "Сергей (мастер-приёмщик)",
        "Олег (снабженец)",
        "Пётр (руководитель СТО)",
        "Анна (кладовщик)",
        "Ирина (директор)",
    ):
        assert person in ru.stdout
    en = run_demo(tmp_path, "--lang", "en")
    assert en.returncode == 0, en.stderr
    assert "Done: order № 1 is at “Done”" in en.stdout
    assert log_lines(en.stdout) == []
    assert not list(tmp_path.glob("**/*.sqlite3"))  # throwaway database, nothing left behind
