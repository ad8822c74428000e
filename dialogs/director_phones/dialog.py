"""The phones screen: one ✅/▫️ toggle a role."""

from __future__ import annotations

from operator import itemgetter

from aiogram_dialog import Dialog, Window
from aiogram_dialog.widgets.kbd import Column, Select
from aiogram_dialog.widgets.text import Format

from dialogs.director_phones import getters, handlers
from dialogs.director_phones.states import PhonesSG
from dialogs.kit.stray import Stray
from dialogs.kit.text import Fluent


def build() -> Dialog:
    toggles = Select(
        Format("{item[0]}"),
        id="wr",
        item_id_getter=itemgetter(1),
        items="roles",
        on_click=handlers.toggle,
    )
    roles = Window(
        Fluent("phones-title"),
        Column(toggles),
        Stray(),
        getter=getters.roles,
        state=PhonesSG.roles,
    )
    return Dialog(roles)
