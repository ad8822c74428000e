"""A text widget for `locales/`: every string a dialog shows stays in the .ftl files."""

from __future__ import annotations

from typing import Any

from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.common import WhenCondition
from aiogram_dialog.widgets.text import Text

from bot.i18n import L10n


class Fluent(Text):
    """`Fluent("dialog-btn-back")`, or with arguments taken from the getter's data:
    `Fluent("receiving-btn-all", missing="missing")` formats `missing=data["missing"]`.
    `raw`: unescaped, for button labels (message texts are HTML)."""

    def __init__(
        self, key: str, *, raw: bool = False, when: WhenCondition = None, **args: str
    ) -> None:
        super().__init__(when=when)
        self.key = key
        self.raw = raw
        self.args = args

    async def _render_text(self, data: dict[str, Any], manager: DialogManager) -> str:
        l10n: L10n = manager.middleware_data["l10n"]
        values = {name: data[field] for name, field in self.args.items()}
        return l10n.raw(self.key, **values) if self.raw else l10n(self.key, **values)
