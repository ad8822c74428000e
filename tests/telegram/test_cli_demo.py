"""`stobot demo` on a fresh machine: no token, no database, one complete order printed."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.waits import HANG


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
    assert not list(tmp_path.glob("**/*.sqlite3"))  # throwaway database, nothing left behind
