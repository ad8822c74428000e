"""Pre-issue check (master): tick every part and work, then hand the car over (DONE)."""

from __future__ import annotations

from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, ManagedMultiselect

from bot.callbacks import OrderCallback
from dialogs.kit.close import close
from dialogs.kit.feedback import warning
from dialogs.kit.stage import refused, start
from dialogs.pre_issue import render
from dialogs.pre_issue.data import CHECKLIST, Check, load, store
from dialogs.pre_issue.states import PreIssueSG
from services.errors import DomainError
from services.orders.use_cases import confirm_pre_issue


async def enter(
    query: CallbackQuery,
    callback_data: OrderCallback,
    state: FSMContext,
    dialog_manager: DialogManager,
) -> None:
    """«🔍 Проверить и выдать». Opening the same order again keeps the ticks already made."""
    order_id = callback_data.order_id
    ticked = _ticks_kept(dialog_manager, order_id)
    check = Check(order_id=order_id, stage=callback_data.stage, ticked=ticked)
    await start(dialog_manager, state, PreIssueSG.check, check)


def _ticks_kept(manager: DialogManager, order_id: int) -> list[str]:
    if not manager.has_context() or manager.current_context().state != PreIssueSG.check:
        return []
    if load(manager).order_id != order_id:
        return []
    widget: ManagedMultiselect[str] = manager.find(CHECKLIST)  # type: ignore[assignment]
    return list(widget.get_checked())


async def on_start(start_data: Any, manager: DialogManager) -> None:
    check = Check.model_validate(start_data)
    store(manager, check)
    widget: ManagedMultiselect[str] = manager.find(CHECKLIST)  # type: ignore[assignment]
    for key in check.ticked:
        await widget.set_checked(key, True)


async def ticked(
    query: CallbackQuery, widget: ManagedMultiselect[str], manager: DialogManager, key: str
) -> None:
    _say(manager, None)


async def issue(query: CallbackQuery, button: Button, manager: DialogManager) -> None:
    deps, check = manager.middleware_data, load(manager)
    l10n, employee = deps["l10n"], deps["employee"]
    card = await deps["queries"].order_card(check.order_id, employee)
    checklist: ManagedMultiselect[str] = manager.find(CHECKLIST)  # type: ignore[assignment]
    missing = [i for i in render.checklist(l10n, card) if not checklist.is_checked(i.key)]
    if missing:
        _say(manager, warning(render.missing_text(l10n, missing)))
        return
    try:
        result = await confirm_pre_issue(
            deps["order_work"], employee, check.order_id, seen_stage=check.stage
        )
    except DomainError as error:
        if not await refused(manager, PreIssueSG.closed, check, error):
            store(manager, check)
        return
    await close(manager, PreIssueSG.closed, l10n("pre-issue-done", order_id=check.order_id))
    await deps["notifier"].deliver(result.notices)


async def use_buttons(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    _say(manager, warning(manager.middleware_data["l10n"]("pre-issue-error-use-buttons")))


async def cancel(query: CallbackQuery, button: Button, manager: DialogManager) -> None:
    await close(manager, PreIssueSG.closed, manager.middleware_data["l10n"]("dialog-cancelled"))


def _say(manager: DialogManager, note: str | None) -> None:
    check = load(manager)
    check.note = note
    store(manager, check)
