"""Pre-issue check (master): tick every part and work, then hand the car over (DONE)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import OrderCallback, PickCallback
from bot.i18n import L10n
from bot.notify import Notifier
from dialogs.common.screen import SCREEN_KEY, Event, close, show
from dialogs.common.send_back import pin_send_back
from dialogs.pre_issue import keyboards, render
from dialogs.pre_issue.states import PreIssueSG
from services.errors import DomainError
from services.orders import OrderQueries, OrderService, Stage
from services.storage.models import Employee


async def enter(
    query: CallbackQuery,
    callback_data: OrderCallback,
    state: FSMContext,
    l10n: L10n,
    queries: OrderQueries,
    employee: Employee,
    session: AsyncSession,
) -> None:
    data = await state.get_data()
    # Opening the same order again keeps the ticks already made.
    same = data.get("pi_order") == callback_data.order_id
    await state.set_state(PreIssueSG.check)
    await state.set_data(
        {
            "pi_order": callback_data.order_id,
            "pi_stage": callback_data.stage,
            "pi_ticked": data.get("pi_ticked", []) if same else [],
            SCREEN_KEY: data.get(SCREEN_KEY),
        }
    )
    await pin_send_back(
        state, PreIssueSG, l10n, session, callback_data.order_id, callback_data.stage
    )
    await query.answer()
    # A new message: the card or notification the master tapped stays as it was.
    assert isinstance(query.message, Message)
    await _show(query.message, state, l10n, queries, employee)


async def toggle(
    query: CallbackQuery,
    callback_data: PickCallback,
    state: FSMContext,
    l10n: L10n,
    queries: OrderQueries,
    employee: Employee,
) -> None:
    ticked = set((await state.get_data()).get("pi_ticked", []))
    ticked ^= {callback_data.value}
    await state.update_data(pi_ticked=sorted(ticked))
    await _show(query, state, l10n, queries, employee)


async def issue(
    query: CallbackQuery,
    state: FSMContext,
    l10n: L10n,
    orders: OrderService,
    queries: OrderQueries,
    notifier: Notifier,
    employee: Employee,
) -> None:
    data = await state.get_data()
    order_id, seen = int(data["pi_order"]), str(data["pi_stage"])
    card = await queries.order_card(order_id, employee)
    ticked = set(data.get("pi_ticked", []))
    missing = [item for item in render.checklist(l10n, card) if item.key not in ticked]
    if missing:
        notice = render.warning(render.missing_text(l10n, missing))
        await _show(query, state, l10n, queries, employee, notice)
        return
    try:
        result = await orders.confirm_pre_issue(employee, order_id, seen_stage=seen)
    except DomainError as error:
        text = render.error_text(l10n, error)
        if render.ends_dialog(error):
            await close(query, state, text)
        else:
            await _show(query, state, l10n, queries, employee, render.warning(text))
        return
    await close(query, state, l10n("pre-issue-done", order_id=order_id))
    await notifier.deliver(result.notices)


async def use_buttons(
    message: Message, state: FSMContext, l10n: L10n, queries: OrderQueries, employee: Employee
) -> None:
    notice = render.warning(l10n("pre-issue-error-use-buttons"))
    await _show(message, state, l10n, queries, employee, notice)


async def _show(
    event: Event,
    state: FSMContext,
    l10n: L10n,
    queries: OrderQueries,
    employee: Employee,
    notice: str | None = None,
) -> None:
    data = await state.get_data()
    card = await queries.order_card(int(data["pi_order"]), employee)
    items = render.checklist(l10n, card)
    # Ticks of items no longer on the order (a work removed after a move back) do not count.
    ticked = set(data.get("pi_ticked", [])) & {item.key for item in items}
    text = render.check_text(l10n, card, notice)
    await show(event, state, text, keyboards.check_keyboard(l10n, items, ticked))


def setup() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(
        enter,
        OrderCallback.filter((F.action == "act") & (F.stage == Stage.PRE_ISSUE_CHECK.value)),
    )
    router.callback_query.register(
        toggle, PreIssueSG.check, PickCallback.filter(F.field == keyboards.TOGGLE)
    )
    router.callback_query.register(
        issue, PreIssueSG.check, PickCallback.filter(F.field == keyboards.ISSUE)
    )
    router.message.register(use_buttons, PreIssueSG.check)
    return router
