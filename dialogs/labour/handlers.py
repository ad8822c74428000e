"""Labour pricing (head): works typed one per line are saved at once; approve or send back."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import NavCallback, OrderCallback, PickCallback
from bot.i18n import L10n
from bot.notify import Notifier
from bot.render.orders import money_text
from dialogs.common.screen import SCREEN_KEY, Event, close, show
from dialogs.common.send_back import pin_send_back
from dialogs.labour import keyboards, render
from dialogs.labour.parsing import WorkLineError, parse_works
from dialogs.labour.states import LabourSG
from services.errors import DomainError
from services.orders import OrderQueries, OrderService, Stage
from services.storage.models import Employee

# StageTransition.reason is 500 characters long.
MAX_COMMENT = 500


async def enter(
    query: CallbackQuery,
    callback_data: OrderCallback,
    state: FSMContext,
    l10n: L10n,
    queries: OrderQueries,
    employee: Employee,
    session: AsyncSession,
) -> None:
    kept = (await state.get_data()).get(SCREEN_KEY)
    await state.set_state(LabourSG.works)
    await state.set_data(
        {"lab_order": callback_data.order_id, "lab_stage": callback_data.stage, SCREEN_KEY: kept}
    )
    await pin_send_back(state, LabourSG, l10n, session, callback_data.order_id, callback_data.stage)
    await query.answer()
    # A new message: the card or notification the head tapped stays as it was.
    assert isinstance(query.message, Message)
    await _show_works(query.message, state, l10n, queries, employee)


async def works_typed(
    message: Message,
    state: FSMContext,
    l10n: L10n,
    orders: OrderService,
    queries: OrderQueries,
    notifier: Notifier,
    employee: Employee,
) -> None:
    try:
        lines = parse_works(message.text or "")
    except WorkLineError as error:
        notice = render.warning(render.line_error(l10n, error))
        await _show_works(message, state, l10n, queries, employee, notice)
        return
    order_id, seen = await _order(state)
    try:
        result = await orders.add_works(
            employee, order_id, [(line.name, line.cost) for line in lines], seen_stage=seen
        )
    except DomainError as error:
        await _refused(message, state, l10n, queries, employee, error)
        return
    await notifier.deliver(result.notices)
    total = money_text(sum((line.cost for line in lines), Decimal(0)))
    notice = l10n("labour-added", count=len(lines), total=total)
    await _show_works(message, state, l10n, queries, employee, notice)


async def remove(
    query: CallbackQuery,
    callback_data: PickCallback,
    state: FSMContext,
    l10n: L10n,
    orders: OrderService,
    queries: OrderQueries,
    notifier: Notifier,
    employee: Employee,
) -> None:
    order_id, seen = await _order(state)
    work_id = callback_data.number()
    if work_id is None:  # a forged button
        await query.answer()
        return
    try:
        result = await orders.remove_work(employee, order_id, work_id, seen_stage=seen)
    except DomainError as error:
        await _refused(query, state, l10n, queries, employee, error)
        return
    await notifier.deliver(result.notices)
    await _show_works(query, state, l10n, queries, employee, l10n("labour-removed"))


async def approve(
    query: CallbackQuery,
    state: FSMContext,
    l10n: L10n,
    orders: OrderService,
    queries: OrderQueries,
    notifier: Notifier,
    employee: Employee,
) -> None:
    order_id, seen = await _order(state)
    try:
        result = await orders.approve_labour(employee, order_id, seen_stage=seen)
    except DomainError as error:
        await _refused(query, state, l10n, queries, employee, error)
        return
    labour = sum((w.cost for w in result.order.works), Decimal(0))
    await close(query, state, l10n("labour-approved", order_id=order_id, total=money_text(labour)))
    await notifier.deliver(result.notices)


async def ask_comment(query: CallbackQuery, state: FSMContext, l10n: L10n) -> None:
    order_id, _ = await _order(state)
    await state.set_state(LabourSG.comment)
    await show(query, state, render.comment_text(l10n, order_id), keyboards.comment_keyboard(l10n))


async def comment_typed(
    message: Message,
    state: FSMContext,
    l10n: L10n,
    orders: OrderService,
    queries: OrderQueries,
    notifier: Notifier,
    employee: Employee,
) -> None:
    order_id, seen = await _order(state)
    comment = " ".join((message.text or "").split())
    problem = None
    if not comment:
        problem = l10n("labour-error-comment-required")
    elif len(comment) > MAX_COMMENT:
        problem = l10n("labour-error-comment-long", limit=MAX_COMMENT, length=len(comment))
    if problem:
        text = render.comment_text(l10n, order_id, render.warning(problem))
        await show(message, state, text, keyboards.comment_keyboard(l10n))
        return
    try:
        result = await orders.move_back(
            employee, order_id, to_stage=Stage.PARTS_PRICING, reason=comment, seen_stage=seen
        )
    except DomainError as error:
        await _refused(message, state, l10n, queries, employee, error)
        return
    await close(message, state, l10n("labour-returned", order_id=order_id, comment=comment))
    await notifier.deliver(result.notices)


async def back_to_works(
    query: CallbackQuery,
    state: FSMContext,
    l10n: L10n,
    queries: OrderQueries,
    employee: Employee,
) -> None:
    await state.set_state(LabourSG.works)
    await _show_works(query, state, l10n, queries, employee)


async def _show_works(
    event: Event,
    state: FSMContext,
    l10n: L10n,
    queries: OrderQueries,
    employee: Employee,
    notice: str | None = None,
) -> None:
    order_id, _ = await _order(state)
    card = await queries.order_card(order_id, employee)
    text = render.works_text(l10n, card, notice)
    await show(event, state, text, keyboards.works_keyboard(l10n, card.works))


async def _refused(
    event: Event,
    state: FSMContext,
    l10n: L10n,
    queries: OrderQueries,
    employee: Employee,
    error: DomainError,
) -> None:
    text = render.error_text(l10n, error)
    if render.ends_dialog(error):
        await close(event, state, text)
        return
    await state.set_state(LabourSG.works)
    await _show_works(event, state, l10n, queries, employee, render.warning(text))


async def _order(state: FSMContext) -> tuple[int, str]:
    data: dict[str, Any] = await state.get_data()
    return int(data["lab_order"]), str(data["lab_stage"])


def setup() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(
        enter,
        OrderCallback.filter((F.action == "act") & (F.stage == Stage.LABOUR_PRICING.value)),
    )
    router.message.register(works_typed, LabourSG.works)
    router.callback_query.register(
        remove, LabourSG.works, PickCallback.filter(F.field == keyboards.REMOVE)
    )
    router.callback_query.register(
        approve,
        LabourSG.works,
        PickCallback.filter((F.field == keyboards.ACTION) & (F.value == "approve")),
    )
    router.callback_query.register(
        ask_comment,
        LabourSG.works,
        PickCallback.filter((F.field == keyboards.ACTION) & (F.value == "return")),
    )
    router.message.register(comment_typed, LabourSG.comment)
    router.callback_query.register(
        back_to_works, LabourSG.comment, NavCallback.filter(F.action == "back")
    )
    return router
