"""Labour pricing (head): works typed one per line are saved at once; approve or send back."""

from __future__ import annotations

from collections.abc import Awaitable
from decimal import Decimal
from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Select

from bot.callbacks import OrderCallback
from bot.render.orders import money_text
from dialogs.kit.close import close
from dialogs.kit.feedback import warning
from dialogs.kit.stage import refused, start
from dialogs.labour import render
from dialogs.labour.data import Labour, load, store
from dialogs.labour.parsing import WorkLineError, parse_works
from dialogs.labour.states import LabourSG
from services.errors import DomainError
from services.orders import OrderWork, Stage
from services.orders.notices import StepResult
from services.orders.use_cases import add_works, approve_labour, move_back, remove_work
from services.storage.models import Employee

# StageTransition.reason is 500 characters long.
MAX_COMMENT = 500


async def enter(
    query: CallbackQuery,
    callback_data: OrderCallback,
    state: FSMContext,
    dialog_manager: DialogManager,
) -> None:
    """«🔧 Оценить работы»."""
    labour = Labour(order_id=callback_data.order_id, stage=callback_data.stage)
    await start(dialog_manager, state, LabourSG.works, labour)


async def on_start(start_data: Any, manager: DialogManager) -> None:
    store(manager, Labour.model_validate(start_data))


async def works_typed(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    l10n = manager.middleware_data["l10n"]
    try:
        lines = parse_works(message.text or "")
    except WorkLineError as error:
        _say(manager, warning(render.line_error(l10n, error)))
        return
    works = [(line.name, line.cost) for line in lines]
    work, actor, labour = _order(manager)
    step = add_works(work, actor, labour.order_id, works, seen_stage=labour.stage)
    if await _run(manager, step):
        total = money_text(sum((line.cost for line in lines), Decimal(0)))
        _say(manager, l10n("labour-added", count=len(lines), total=total))


async def remove(
    query: CallbackQuery, widget: Select[str], manager: DialogManager, value: str
) -> None:
    if not (value.isascii() and value.isdigit()):
        return  # a forged button: the screen is drawn again
    work, actor, labour = _order(manager)
    step = remove_work(work, actor, labour.order_id, int(value), seen_stage=labour.stage)
    if await _run(manager, step):
        _say(manager, manager.middleware_data["l10n"]("labour-removed"))


async def approve(query: CallbackQuery, button: Button, manager: DialogManager) -> None:
    work, actor, labour = _order(manager)
    step = approve_labour(work, actor, labour.order_id, seen_stage=labour.stage)
    result = await _run(manager, step)
    if result is None:
        return
    total = money_text(sum((w.cost for w in result.order.works), Decimal(0)))
    l10n = manager.middleware_data["l10n"]
    await close(
        manager, LabourSG.closed, l10n("labour-approved", order_id=labour.order_id, total=total)
    )


async def ask_comment(query: CallbackQuery, button: Button, manager: DialogManager) -> None:
    _say(manager, None)
    await manager.switch_to(LabourSG.comment)


async def back_to_works(query: CallbackQuery, button: Button, manager: DialogManager) -> None:
    _say(manager, None)
    await manager.switch_to(LabourSG.works)


async def comment_typed(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    l10n = manager.middleware_data["l10n"]
    comment = " ".join((message.text or "").split())
    if not comment:
        _say(manager, warning(l10n("labour-error-comment-required")))
        return
    if len(comment) > MAX_COMMENT:
        problem = l10n("labour-error-comment-long", limit=MAX_COMMENT, length=len(comment))
        _say(manager, warning(problem))
        return
    work, actor, labour = _order(manager)
    step = move_back(
        work,
        actor,
        labour.order_id,
        to_stage=Stage.PARTS_PRICING,
        reason=comment,
        seen_stage=labour.stage,
    )
    if await _run(manager, step):
        order_id = labour.order_id
        text = l10n("labour-returned", order_id=order_id, comment=comment)
        await close(manager, LabourSG.closed, text)


async def cancel(query: CallbackQuery, button: Button, manager: DialogManager) -> None:
    await close(manager, LabourSG.closed, manager.middleware_data["l10n"]("dialog-cancelled"))


def _order(manager: DialogManager) -> tuple[OrderWork, Employee, Labour]:
    """The order unit of work, who acts, and the dialog's order (its id and the stage seen)."""
    deps = manager.middleware_data
    return deps["order_work"], deps["employee"], load(manager)


async def _run(manager: DialogManager, step: Awaitable[StepResult]) -> StepResult | None:
    """Await the use case `step` on the dialog's order and deliver its notices; a refusal is
    said on the works screen or ends the dialog (then None)."""
    try:
        result = await step
    except DomainError as error:
        labour = load(manager)
        if not await refused(manager, LabourSG.closed, labour, error):
            store(manager, labour)
            await manager.switch_to(LabourSG.works)
        return None
    await manager.middleware_data["notifier"].deliver(result.notices)
    return result


def _say(manager: DialogManager, note: str | None) -> None:
    labour = load(manager)
    labour.note = note
    store(manager, labour)
