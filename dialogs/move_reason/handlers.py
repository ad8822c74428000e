"""↩️ and ✖️ of the order card: to which earlier stage and why, or why the client refused."""

from __future__ import annotations

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Select

from bot.callbacks import OrderCallback
from bot.i18n import L10n
from bot.render.orders import stage_label
from dialogs.kit.close import close
from dialogs.kit.feedback import warning
from dialogs.kit.stage import Deps, begin, keep, refused, start
from dialogs.move_reason.data import MAX_REASON, REASONS, MoveReason
from dialogs.move_reason.states import MoveReasonSG
from services.errors import DomainError
from services.orders import Stage
from services.orders.pipeline import back_targets
from services.orders.use_cases import move_to

# Entry: the card's buttons, after handlers.orders.guard has checked the stage and the role.


async def enter_back(
    query: CallbackQuery,
    callback_data: OrderCallback,
    state: FSMContext,
    dialog_manager: DialogManager,
    l10n: L10n,
    roles: frozenset[str],
) -> None:
    """«↩️ Вернуть на этап»: the earlier stages this person may send the order to."""
    if not back_targets(callback_data.stage, roles):
        await query.answer(l10n("move-nowhere"), show_alert=True)
        return
    data = MoveReason(order_id=callback_data.order_id, stage=callback_data.stage, kind="back")
    await start(dialog_manager, state, MoveReasonSG.target, data, pin=False)


async def enter_cancel(
    query: CallbackQuery,
    callback_data: OrderCallback,
    state: FSMContext,
    dialog_manager: DialogManager,
) -> None:
    """«✖️ Отменить заказ»."""
    data = MoveReason(order_id=callback_data.order_id, stage=callback_data.stage, kind="cancel")
    await start(dialog_manager, state, MoveReasonSG.cancel, data, pin=False)


# The steps.


async def target_picked(
    query: CallbackQuery, widget: Select[str], manager: DialogManager, value: str
) -> None:
    deps, data = begin(manager, MoveReason)
    if value not in back_targets(data.stage, deps.roles):
        return  # a forged button: the screen is drawn again
    data.target = value
    keep(manager, data)
    await manager.switch_to(MoveReasonSG.reason)


async def reason_picked(
    query: CallbackQuery, widget: Select[str], manager: DialogManager, value: str
) -> None:
    key = REASONS.get(value)
    if key is None:
        return  # a forged button: the screen is drawn again
    await _apply(manager, Deps(manager).l10n.raw(key))


async def reason_typed(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    await _apply(manager, (message.text or "").strip()[:MAX_REASON])


async def use_buttons(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    deps, data = begin(manager, MoveReason)
    data.note = warning(deps.l10n("move-use-buttons"))
    keep(manager, data)


async def back(query: CallbackQuery, button: Button, manager: DialogManager) -> None:
    _, data = begin(manager, MoveReason)
    keep(manager, data)
    await manager.switch_to(MoveReasonSG.target)


async def cancel(query: CallbackQuery, button: Button, manager: DialogManager) -> None:
    await close(manager, MoveReasonSG.closed, Deps(manager).l10n("dialog-cancelled"))


async def _apply(manager: DialogManager, reason: str) -> None:
    """Move the order with `reason`: the pipeline picks the use case (cancel, the director's
    move, a move back)."""
    deps, data = begin(manager, MoveReason)
    l10n = deps.l10n
    if not reason:
        data.note = warning(l10n("move-reason-required"))
        keep(manager, data)
        return
    cancelling = data.kind == "cancel"
    target = Stage.CANCELLED if cancelling else data.target
    assert target is not None  # the reason window comes after the target's
    try:
        result = await move_to(
            deps.work,
            deps.employee,
            data.order_id,
            to_stage=target,
            reason=reason,
            seen_stage=data.stage,
        )
    except DomainError as error:
        if not await refused(manager, MoveReasonSG.closed, data, error):
            keep(manager, data)
        return
    done = l10n(
        "cancel-done" if cancelling else "move-done",
        order_id=data.order_id,
        stage=stage_label(l10n, result.order.stage),
    )
    await close(manager, MoveReasonSG.closed, done)
    await deps.notifier.deliver(result.notices)
