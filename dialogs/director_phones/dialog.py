"""The phones screen: one ✅/▫️ toggle a role."""

from __future__ import annotations

from aiogram_dialog import Dialog, Window
from aiogram_dialog.widgets.kbd import Column

from dialogs.director_phones import getters, handlers
from dialogs.director_phones.states import PhonesSG
from dialogs.kit.choices import choices
from dialogs.kit.stray import Stray
from dialogs.kit.text import Fluent


def build() -> Dialog:
    toggles = choices("wr", "roles", handlers.toggle)
    roles = Window(
        Fluent("phones-title"),
        Column(toggles),
        Stray(),
        getter=getters.roles,
        state=PhonesSG.roles,
    )
    return Dialog(roles)
