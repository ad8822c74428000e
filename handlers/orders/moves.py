"""Sending an order back to an earlier stage, and cancelling it; both ask for a reason."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.alerts.notify import Notifier
from bot.callbacks import OrderAction, OrderCallback, PickCallback
from bot.i18n import L10n
from bot.render.errors import error_text
from bot.render.orders import stage_label, stage_title
from dialogs.common.screen import close, keyboard, nav_row, pick_button, show
from services.errors import DomainError
from services.orders import OrderWork, Stage
from services.orders.pipeline import back_targets
from services.orders.use_cases import move_to
from services.storage.models import Employee

MAX_REASON = 500
CANCEL_REASONS = ("cancel-reason-expensive", "cancel-reason-self", "cancel-reason-changed-mind")


class MoveSG(StatesGroup):
    target = State()
    reason = State()


async def ask_target(
    query: CallbackQuery, callback_data: OrderCallback, state: FSMContext, l10n: L10n
) -> None:
    current = Stage(callback_data.stage)
    earlier = back_targets(current)
    if not earlier:
        await query.answer(l10n("move-nowhere"), show_alert=True)
        return
    await state.set_state(MoveSG.target)
    await state.update_data(
        move_order=callback_data.order_id, move_stage=current.value, move_kind="back"
    )
    rows = [[pick_button(stage_label(l10n, s), "to", s.value)] for s in earlier]
    await show(
        query,
        state,
        l10n("move-pick-stage", title=stage_title(l10n, current, callback_data.order_id)),
        keyboard(*rows, nav_row(l10n, back=False)),
    )


async def pick_target(
    query: CallbackQuery, callback_data: PickCallback, state: FSMContext, l10n: L10n
) -> None:
    await state.update_data(move_target=callback_data.value)
    await state.set_state(MoveSG.reason)
    await show(
        query,
        state,
        l10n("move-ask-reason", stage=stage_label(l10n, callback_data.value)),
        keyboard(nav_row(l10n)),
    )


async def ask_cancel_reason(
    query: CallbackQuery, callback_data: OrderCallback, state: FSMContext, l10n: L10n
) -> None:
    await state.set_state(MoveSG.reason)
    await state.update_data(
        move_order=callback_data.order_id, move_stage=callback_data.stage, move_kind="cancel"
    )
    rows = [[pick_button(l10n.raw(key), "why", key)] for key in CANCEL_REASONS]
    title = stage_title(l10n, callback_data.stage, callback_data.order_id)
    await show(
        query,
        state,
        l10n("cancel-ask-reason", title=title),
        keyboard(*rows, nav_row(l10n, back=False)),
    )


async def reason_typed(message: Message, state: FSMContext, **deps: object) -> None:
    reason = (message.text or "").strip()
    await _apply(message, state, reason[:MAX_REASON], **deps)  # type: ignore[arg-type]


async def reason_picked(
    query: CallbackQuery, callback_data: PickCallback, state: FSMContext, l10n: L10n, **deps: object
) -> None:
    await _apply(query, state, l10n.raw(callback_data.value), l10n=l10n, **deps)  # type: ignore[arg-type]


async def back_to_targets(query: CallbackQuery, state: FSMContext, l10n: L10n) -> None:
    data = await state.get_data()
    if data.get("move_kind") != "back":
        return
    fake = OrderCallback(
        action=OrderAction.BACK, order_id=data["move_order"], stage=data["move_stage"]
    )
    await ask_target(query, fake, state, l10n)


async def _apply(
    event: Message | CallbackQuery,
    state: FSMContext,
    reason: str,
    *,
    l10n: L10n,
    order_work: OrderWork,
    notifier: Notifier,
    employee: Employee,
    **_: object,
) -> None:
    data = await state.get_data()
    if not reason:
        await show(event, state, l10n("move-reason-required"), keyboard(nav_row(l10n)))
        return
    order_id, seen = data["move_order"], data["move_stage"]
    # The pipeline picks the use case (cancel, the director's move, a move back).
    target = Stage.CANCELLED if data["move_kind"] == "cancel" else data["move_target"]
    try:
        result = await move_to(
            order_work, employee, order_id, to_stage=target, reason=reason, seen_stage=seen
        )
    except DomainError as error:
        await close(event, state, error_text(l10n, error))
        return
    done_key = "cancel-done" if data["move_kind"] == "cancel" else "move-done"
    await close(
        event, state, l10n(done_key, order_id=order_id, stage=stage_label(l10n, result.order.stage))
    )
    await notifier.deliver(result.notices)


def setup() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(ask_target, OrderCallback.filter(F.action == OrderAction.BACK))
    router.callback_query.register(
        ask_cancel_reason, OrderCallback.filter(F.action == OrderAction.CANCEL)
    )
    router.callback_query.register(
        pick_target, StateFilter(MoveSG.target), PickCallback.filter(F.field == "to")
    )
    router.callback_query.register(
        reason_picked, StateFilter(MoveSG.reason), PickCallback.filter(F.field == "why")
    )
    router.callback_query.register(
        back_to_targets, StateFilter(MoveSG.reason), F.data == "nav:back"
    )
    router.message.register(reason_typed, StateFilter(MoveSG.reason), F.text)
    return router
