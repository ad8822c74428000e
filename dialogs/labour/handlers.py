"""Labour pricing (head): works typed one per line are saved at once; approve or send back."""

from __future__ import annotations

from decimal import Decimal

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Select

from bot.callbacks import OrderCallback
from bot.render.orders import money_text
from dialogs.common.feedback import warning
from dialogs.kit.close import close
from dialogs.kit.stage import Deps, begin, keep, refused, start
from dialogs.labour import render
from dialogs.labour.data import Labour
from dialogs.labour.parsing import WorkLineError, parse_works
from dialogs.labour.states import LabourSG
from services.errors import DomainError
from services.orders import Stage

# StageTransition.reason is 500 characters long.
MAX_COMMENT = 500


async def enter(
    query: CallbackQuery,
    callback_data: OrderCallback,
    state: FSMContext,
    dialog_manager: DialogManager,
) -> None:
    data = Labour(order_id=callback_data.order_id, stage=callback_data.stage)
    await start(dialog_manager, state, LabourSG.works, data)


async def works_typed(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    deps, data = begin(manager, Labour)
    try:
        lines = parse_works(message.text or "")
    except WorkLineError as error:
        data.note = warning(render.line_error(deps.l10n, error))
        keep(manager, data)
        return
    works = [(line.name, line.cost) for line in lines]
    try:
        result = await deps.orders.add_works(
            deps.employee, data.order_id, works, seen_stage=data.stage
        )
    except DomainError as error:
        await _refused(manager, data, error)
        return
    await deps.notifier.deliver(result.notices)
    total = money_text(sum((line.cost for line in lines), Decimal(0)))
    data.note = deps.l10n("labour-added", count=len(lines), total=total)
    keep(manager, data)


async def remove(
    query: CallbackQuery, widget: Select[str], manager: DialogManager, value: str
) -> None:
    if not (value.isascii() and value.isdigit()):
        return  # a forged button: the screen is drawn again
    deps, data = begin(manager, Labour)
    try:
        result = await deps.orders.remove_work(
            deps.employee, data.order_id, int(value), seen_stage=data.stage
        )
    except DomainError as error:
        await _refused(manager, data, error)
        return
    await deps.notifier.deliver(result.notices)
    data.note = deps.l10n("labour-removed")
    keep(manager, data)


async def approve(query: CallbackQuery, button: Button, manager: DialogManager) -> None:
    deps, data = begin(manager, Labour)
    try:
        result = await deps.orders.approve_labour(
            deps.employee, data.order_id, seen_stage=data.stage
        )
    except DomainError as error:
        await _refused(manager, data, error)
        return
    labour = money_text(sum((w.cost for w in result.order.works), Decimal(0)))
    text = deps.l10n("labour-approved", order_id=data.order_id, total=labour)
    await close(manager, LabourSG.closed, text)
    await deps.notifier.deliver(result.notices)


async def ask_comment(query: CallbackQuery, button: Button, manager: DialogManager) -> None:
    _, data = begin(manager, Labour)
    keep(manager, data)
    await manager.switch_to(LabourSG.comment)


async def back_to_works(query: CallbackQuery, button: Button, manager: DialogManager) -> None:
    _, data = begin(manager, Labour)
    keep(manager, data)
    await manager.switch_to(LabourSG.works)


async def comment_typed(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    deps, data = begin(manager, Labour)
    comment = " ".join((message.text or "").split())
    if not comment:
        data.note = warning(deps.l10n("labour-error-comment-required"))
    elif len(comment) > MAX_COMMENT:
        problem = deps.l10n("labour-error-comment-long", limit=MAX_COMMENT, length=len(comment))
        data.note = warning(problem)
    if data.note:
        keep(manager, data)
        return
    try:
        result = await deps.orders.move_back(
            deps.employee,
            data.order_id,
            to_stage=Stage.PARTS_PRICING,
            reason=comment,
            seen_stage=data.stage,
        )
    except DomainError as error:
        await _refused(manager, data, error)
        return
    text = deps.l10n("labour-returned", order_id=data.order_id, comment=comment)
    await close(manager, LabourSG.closed, text)
    await deps.notifier.deliver(result.notices)


async def cancel(query: CallbackQuery, button: Button, manager: DialogManager) -> None:
    await close(manager, LabourSG.closed, Deps(manager).l10n("dialog-cancelled"))


async def _refused(manager: DialogManager, data: Labour, error: DomainError) -> None:
    """The order moved on: the last screen says so; else the works again, with why."""
    if await refused(manager, LabourSG.closed, data, error):
        return
    keep(manager, data)
    await manager.switch_to(LabourSG.works)
