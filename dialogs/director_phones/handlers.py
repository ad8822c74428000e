"""/settings and «☎️ Кто видит телефоны» (director): a tap on a role gives or takes the full
view of clients' numbers; the setting and its audit are shop_settings'."""

from __future__ import annotations

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager, ShowMode
from aiogram_dialog.widgets.kbd import Select

from dialogs.director_phones.getters import TOGGLED_ROLES
from dialogs.director_phones.states import PhonesSG
from dialogs.kit.over import open_alone
from services.staff.roles import Role
from services.staff.shop_settings import toggle_phone_role


async def start(manager: DialogManager, state: FSMContext) -> None:
    """The screen in a new message."""
    await open_alone(manager, state, PhonesSG.roles)


async def toggle(
    callback: CallbackQuery, widget: Select[str], manager: DialogManager, item_id: str
) -> None:
    deps = manager.middleware_data
    l10n = deps["l10n"]
    if item_id not in TOGGLED_ROLES:  # the director's own role, a made-up one: forged
        await callback.answer(l10n.raw("dialog-expired"), show_alert=True)
        manager.show_mode = ShowMode.NO_UPDATE
        return
    await toggle_phone_role(
        deps["session"], Role(item_id), actor=deps["employee"], clock=deps["clock"]
    )
    await callback.answer(l10n.raw("phones-saved"))
