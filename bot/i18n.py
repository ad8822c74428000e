"""Fluent localisation: one `L10n` per language, every user-visible string from `locales/`."""

from __future__ import annotations

import html
import os
from collections.abc import Generator, Iterable
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from fluent.runtime import FluentLocalization, FluentResourceLoader
from fluent.syntax import FluentParser
from fluent.syntax.ast import Resource

from bot.settings import SUPPORTED_LOCALES

FORMATTED_KEPT = 4096  # formatted messages with arguments kept per language

# The top-level `locales` package: installed with the code (package data), so a wheel or
# `pip install .` finds the messages wherever it runs from. STOBOT_LOCALES_DIR overrides it.
LOCALES_DIR = Path(os.environ.get("STOBOT_LOCALES_DIR") or str(files("locales")))


class L10n:
    """Formats messages of one language. String arguments are HTML-escaped: every message the
    bot sends uses HTML parse mode, and arguments are where user text enters."""

    def __init__(self, locale: str, fluent: FluentLocalization) -> None:
        self.locale = locale
        self._fluent = fluent
        # Messages without arguments never change: formatted once (menus redraw them a lot).
        self._plain: dict[str, str] = {}
        # With arguments, the same lines come back screen after screen (a list's orders, the
        # staff list, a dialog's step titles), and Fluent's resolver is slow: the last few
        # thousand kept. A message is a pure function of its key and arguments.
        self._formatted: dict[tuple[Any, ...], str] = {}

    def load(self) -> None:
        """Parses the files now, not at the first update that needs them (~35 ms a language),
        so they are built before start-up ends (bot/runtime/heap.py). Formatting a key no file has
        walks every bundle of the fallback chain."""
        self._fluent.format_value("-stobot-load-every-bundle")

    def __call__(self, key: str, **args: Any) -> str:
        if not args:
            return self.raw(key)
        escaped = {
            k: html.escape(v, quote=False) if isinstance(v, str) else v for k, v in args.items()
        }
        return self._format(key, escaped)

    def raw(self, key: str, **args: Any) -> str:
        """Unescaped, for plain-text places such as button labels."""
        if args:
            return self._format(key, args)
        text = self._plain.get(key)
        if text is None:
            text = self._plain[key] = self._fluent.format_value(key, args)
        return text

    def _format(self, key: str, args: dict[str, Any]) -> str:
        # Other values by type and repr: 1, 1.0 and True are equal keys of a dict, and so are
        # Decimal("1.0") and Decimal("1.00"), but each may be formatted differently.
        cache_key = (
            key,
            *((k, v) if type(v) is str else (k, type(v), repr(v)) for k, v in args.items()),
        )
        text = self._formatted.get(cache_key)
        if text is None:
            if len(self._formatted) >= FORMATTED_KEPT:
                self._formatted.clear()
            text = self._formatted[cache_key] = self._fluent.format_value(key, args)
        return text


@cache
def _parsed(path: str, modified: float) -> Resource:
    with open(path, encoding="utf-8") as source:
        return FluentParser().parse(source.read())


class _ParsedOnceLoader(FluentResourceLoader):
    """Fluent's loader, parsing each file once per process (not once per language that falls
    back to it, nor once per Translator)."""

    def resources(
        self, locale: str, resource_ids: list[str]
    ) -> Generator[list[Resource], None, None]:
        for root in self.roots:
            found = []
            for resource_id in resource_ids:
                path = self.localize_path(os.path.join(root, resource_id), locale)
                if os.path.isfile(path):
                    found.append(_parsed(path, os.path.getmtime(path)))
            if found:
                yield found


class Translator:
    def __init__(self, default_locale: str = "ru", locales_dir: Path = LOCALES_DIR) -> None:
        self.default_locale = default_locale
        self.locales_dir = locales_dir
        loader = _ParsedOnceLoader(str(locales_dir / "{locale}"))
        resource_ids = sorted(p.name for p in (locales_dir / default_locale).glob("*.ftl"))
        self._by_locale = {
            locale: L10n(
                locale,
                FluentLocalization(
                    [locale, default_locale] if locale != default_locale else [locale],
                    resource_ids,
                    loader,
                ),
            )
            for locale in SUPPORTED_LOCALES
        }
        self._variants: dict[str, frozenset[str]] = {}
        for l10n in self._by_locale.values():
            l10n.load()

    def get(self, locale: str | None) -> L10n:
        return self._by_locale.get(self.pick(locale), self._by_locale[self.default_locale])

    def pick(self, language_code: str | None) -> str:
        """Telegram's language_code ("ru", "en-US", None) → a supported locale."""
        base = (language_code or "").split("-")[0].lower()
        return base if base in self._by_locale else self.default_locale

    @property
    def all(self) -> Iterable[L10n]:
        return self._by_locale.values()

    def variants(self, key: str) -> frozenset[str]:
        """The label of `key` in every language; reply buttons are matched against all of them.
        Kept once formatted: filters ask for them on every message."""
        labels = self._variants.get(key)
        if labels is None:
            labels = frozenset(l10n.raw(key) for l10n in self._by_locale.values())
            self._variants[key] = labels
        return labels
