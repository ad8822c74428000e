"""Fluent files are parsed at start-up, once per process (bot/i18n.py)."""

from __future__ import annotations

import pytest
from fluent.syntax import FluentParser

from bot.i18n import Translator


def test_no_update_parses_a_file(monkeypatch: pytest.MonkeyPatch) -> None:
    Translator("ru")  # the process's first: parses

    def no_parsing(*args: object) -> None:
        raise AssertionError("parsed after start-up")

    monkeypatch.setattr(FluentParser, "parse", no_parsing)
    translator = Translator("ru")  # a second one reuses what the first parsed
    assert translator.get("ru")("menu-orders") == "📋 Заказы"
    assert translator.get("en")("menu-orders") == "📋 Orders"
    # a key English lacks falls back to Russian's bundle, built at start too
    english = translator.get("en")._fluent
    assert len(english._bundle_cache) == 2
