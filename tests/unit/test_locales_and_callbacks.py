"""Every key exists in both languages and is used; every callback fits in 64 bytes."""

from __future__ import annotations

import re
from enum import Enum
from pathlib import Path
from typing import get_args

from fluent.syntax import FluentParser, ast
from pydantic.fields import FieldInfo

from bot.i18n import LOCALES_DIR

ROOT = Path(__file__).resolve().parents[2]
CODE_DIRS = ("bot", "handlers", "dialogs", "services")
# Keys built at run time from a prefix, e.g. f"role-{role}".
DYNAMIC_PREFIXES = (
    "role-",
    "stage-",
    "menu-",
    "validation-",
    "notice-",
    "kind-",
    "audit-action-",  # AuditAction.key
    "audit-field-",
    "audit-invite-refused-",
)


def _keys(locale: str) -> dict[str, set[str]]:
    keys: dict[str, set[str]] = {}
    for path in sorted((LOCALES_DIR / locale).glob("*.ftl")):
        resource = FluentParser().parse(path.read_text(encoding="utf-8"))
        junk = [e for e in resource.body if isinstance(e, ast.Junk)]
        assert not junk, f"{path}: syntax error {junk[0].annotations}"
        keys[path.name] = {e.id.name for e in resource.body if isinstance(e, ast.Message)}
    return keys


def test_ru_and_en_have_the_same_files_and_keys():
    ru, en = _keys("ru"), _keys("en")
    assert ru.keys() == en.keys()
    for name in ru:
        assert ru[name] == en[name], (
            f"{name}: only ru {ru[name] - en[name]}, only en {en[name] - ru[name]}"
        )


def test_every_key_is_used_in_code():
    code = "\n".join(
        path.read_text(encoding="utf-8")
        for folder in CODE_DIRS
        for path in (ROOT / folder).rglob("*.py")
    )
    all_keys = set().union(*_keys("ru").values())
    unused = {
        key
        for key in all_keys
        if f'"{key}"' not in code
        and f"'{key}'" not in code
        and not key.startswith(DYNAMIC_PREFIXES)
    }
    assert not unused, f"keys not used in code: {sorted(unused)}"


def test_every_key_used_in_code_exists():
    code_keys: set[str] = set()
    pattern = re.compile(r"""l10n(?:\.raw)?\(\s*["']([a-z0-9-]+)["']""")
    for folder in CODE_DIRS:
        for path in (ROOT / folder).rglob("*.py"):
            code_keys |= set(pattern.findall(path.read_text(encoding="utf-8")))
    all_keys = set().union(*_keys("ru").values())
    assert code_keys - all_keys == set()


def _widest(field: FieldInfo) -> object:
    """The longest value a field can pack: an enum's longest member, a string as long as it may
    be (24 characters when unbounded), a big id."""
    options = [a for a in get_args(field.annotation) if a is not type(None)] or [field.annotation]
    kind = options[0]
    if isinstance(kind, type) and issubclass(kind, Enum):
        return max(kind, key=lambda member: len(str(member.value)))
    if kind is str:
        bounds = [m.max_length for m in field.metadata if getattr(m, "max_length", None)]
        return "x" * min(bounds or [24])
    return 2**31 - 1


def test_callback_data_fit_telegram_limit():
    from aiogram.filters.callback_data import CallbackData

    import bot.alerts.callbacks
    import bot.callbacks
    import handlers.sync

    modules = (bot.callbacks, bot.alerts.callbacks, handlers.sync)
    classes = [
        obj
        for module in modules
        for obj in vars(module).values()
        if isinstance(obj, type) and issubclass(obj, CallbackData) and obj is not CallbackData
    ]
    assert len(classes) >= 8
    for cls in classes:
        sample = cls.model_construct(
            **{name: _widest(field) for name, field in cls.model_fields.items()}
        )
        assert len(sample.pack().encode()) <= 64, cls
