"""Pre-issue check (master): tick every part and work, then hand the car over (DONE)."""

from __future__ import annotations

import re

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Select

from bot.callbacks import OrderCallback
from dialogs.common.feedback import warning
from dialogs.kit.close import close
from dialogs.kit.stage import Deps, load, open_data, refused, start, store
from dialogs.pre_issue import render
from dialogs.pre_issue.data import Check
from dialogs.pre_issue.states import PreIssueSG
from services.errors import DomainError

_ITEM_KEY = re.compile(r"[pw]\d{1,18}")  # render.Item.key


async def enter(
    query: CallbackQuery,
    callback_data: OrderCallback,
    state: FSMContext,
    dialog_manager: DialogManager,
) -> None:
    data = Check(order_id=callback_data.order_id, stage=callback_data.stage)
    # Opening the same order again keeps the ticks already made.
    kept = open_data(dialog_manager, PreIssueSG.check)
    if kept and kept["order_id"] == data.order_id:
        data.ticked = Check.model_validate(kept).ticked
    await start(dialog_manager, state, PreIssueSG.check, data)


async def toggle(
    query: CallbackQuery, widget: Select[str], manager: DialogManager, key: str
) -> None:
    if not _ITEM_KEY.fullmatch(key):
        return  # a forged button: the screen is drawn again
    data = load(manager, Check)
    data.note = None
    data.ticked = sorted(set(data.ticked) ^ {key})
    store(manager, data)


async def issue(query: CallbackQuery, button: Button, manager: DialogManager) -> None:
    deps, data = Deps(manager), load(manager, Check)
    data.note = None
    card = await deps.queries.order_card(data.order_id, deps.employee)
    missing = [i for i in render.checklist(deps.l10n, card) if i.key not in data.ticked]
    if missing:
        data.note = warning(render.missing_text(deps.l10n, missing))
        store(manager, data)
        return
    try:
        result = await deps.orders.confirm_pre_issue(
            deps.employee, data.order_id, seen_stage=data.stage
        )
    except DomainError as error:
        if not await refused(manager, PreIssueSG.closed, data, error):
            store(manager, data)
        return
    await close(manager, PreIssueSG.closed, deps.l10n("pre-issue-done", order_id=data.order_id))
    await deps.notifier.deliver(result.notices)


async def typed(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    data = load(manager, Check)
    data.note = warning(Deps(manager).l10n("pre-issue-error-use-buttons"))
    store(manager, data)


async def cancel(query: CallbackQuery, button: Button, manager: DialogManager) -> None:
    await close(manager, PreIssueSG.closed, Deps(manager).l10n("dialog-cancelled"))
