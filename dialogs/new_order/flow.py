"""Moving between steps: every answer kept in the Draft, «◀️ Назад» and «➡️ Оставить как есть»
lead where the answers so far say (the steps are not a straight line)."""

from __future__ import annotations

from aiogram.fsm.state import State
from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager
from aiogram_dialog.api.internal import STORAGE_KEY
from aiogram_dialog.widgets.kbd import Button

from bot.i18n import L10n
from dialogs.kit.close import close
from dialogs.new_order.data import Draft, begin, store
from dialogs.new_order.states import NewOrderSG as SG


def l10n_of(manager: DialogManager) -> L10n:
    return manager.middleware_data["l10n"]  # type: ignore[no-any-return]


async def go(
    manager: DialogManager, draft: Draft, target: State, *, notice: str | None = None
) -> None:
    """Keep the draft and show `target`; `notice` (an error, a hint) goes above its question."""
    draft.notice = notice
    store(manager, draft)
    await manager.switch_to(target)
    # Saved before the screen is drawn (with Redis the write rides with that Telegram call):
    # a person never sees a step the storage does not hold. aiogram-dialog saves after it.
    proxy = manager.middleware_data.get(STORAGE_KEY)
    if proxy is not None:
        await proxy.save_context(manager.current_context())


def client_step(draft: Draft) -> State:
    return SG.client_name if draft.client_new else SG.client_found


_BACK = {
    SG.client_found: SG.phone,
    SG.client_name: SG.phone,
    SG.car_whose: SG.car,
    SG.car_driver: SG.car_whose,
    SG.car_model: SG.car,
    SG.complaint: SG.car,
    SG.parts: SG.complaint,
    SG.part_edit: SG.parts,
    SG.media: SG.parts,
    SG.summary: SG.media,
}


def previous(current: State, draft: Draft) -> State | None:
    if current == SG.car:
        return client_step(draft)
    return _BACK.get(current)


def following(current: State, draft: Draft) -> State | None:
    """Where «Оставить как есть» leads: the next step, with the kept answer."""
    if current == SG.phone and draft.phone and draft.client_new is not None:
        return client_step(draft)
    if current == SG.client_name and draft.name_answered:
        return SG.car
    if current == SG.car and draft.car_ready:
        return SG.complaint
    if current == SG.complaint and draft.complaint:
        return SG.parts
    return None


async def back(query: CallbackQuery, button: Button, manager: DialogManager) -> None:
    draft = begin(manager)
    target = previous(manager.current_context().state, draft)
    if target is not None:
        await go(manager, draft, target)


async def keep(query: CallbackQuery, button: Button, manager: DialogManager) -> None:
    draft = begin(manager)
    target = following(manager.current_context().state, draft)
    if target is not None:
        await go(manager, draft, target)


async def cancel(query: CallbackQuery, button: Button, manager: DialogManager) -> None:
    await close(manager, SG.closed, l10n_of(manager)("dialog-cancelled"))


async def to_summary(query: CallbackQuery, button: Button, manager: DialogManager) -> None:
    await go(manager, begin(manager), SG.summary)
