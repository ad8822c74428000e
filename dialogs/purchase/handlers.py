"""Purchase handlers: parse what was typed or tapped, keep it, draw the next step or save."""

from __future__ import annotations

from datetime import date
from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.callbacks import OrderCallback, PartCallback, PickCallback
from dialogs.common.feedback import error_text
from dialogs.common.screen import SCREEN_KEY, Event
from dialogs.common.send_back import pin_send_back
from dialogs.pricing.queries import load_order
from dialogs.purchase import data as d
from dialogs.purchase import save
from dialogs.purchase.flow import Ctx, go_to_part, show_review, show_step, to_order
from dialogs.purchase.states import PurchaseSG
from services.errors import DomainError
from services.normalize import parse_date

MAX_NUMBER = 64  # OrderPart.vendor_order_no


def ctx_of(event: Event, state: FSMContext, deps: dict[str, Any]) -> Ctx:
    today = deps["clock"]().astimezone(deps["settings"].shop.tz).date()
    return Ctx(
        event,
        state,
        deps["l10n"],
        deps["session"],
        deps["orders"],
        deps["notifier"],
        deps["employee"],
        today,
    )


async def enter(
    query: CallbackQuery, callback_data: OrderCallback, state: FSMContext, **deps: Any
) -> None:
    """«🛒 Заказать у поставщиков» on PARTS_PURCHASE (the guard has checked stage and role)."""
    order = await load_order(deps["session"], callback_data.order_id)
    queue = to_order(order)
    previous_screen = (await state.get_data()).get(SCREEN_KEY)
    await state.set_data(
        {
            SCREEN_KEY: previous_screen,
            d.ORDER: order.id,
            d.QUEUE: queue,
            d.INDEX: 0,
            d.REVIEW: not queue,
            d.ANSWERS: {},
            d.KNOWN: [],
        }
    )
    await pin_send_back(state, PurchaseSG, deps["l10n"], deps["session"], order.id, order.stage)
    await query.answer()
    # A new message: the notification or card the tap came from stays as it was.
    ctx = ctx_of(query.message if isinstance(query.message, Message) else query, state, deps)
    if queue:
        await go_to_part(ctx, 0, order=order)
    else:
        await show_review(ctx, order)


async def number_typed(message: Message, state: FSMContext, **deps: Any) -> None:
    ctx = ctx_of(message, state, deps)
    number = " ".join((message.text or "").split())
    if len(number) > MAX_NUMBER:
        await show_step(ctx, ctx.l10n("purchase-error-number-long", limit=MAX_NUMBER))
        return
    await d.answer(state, number=number)
    await _to_date(ctx)


async def date_typed(message: Message, state: FSMContext, **deps: Any) -> None:
    ctx = ctx_of(message, state, deps)
    try:
        when = parse_date(message.text or "", ctx.today)
    except DomainError as error:
        await show_step(ctx, error_text(ctx.l10n, error))
        return
    await _date_answered(ctx, when)


async def picked(
    query: CallbackQuery, callback_data: PickCallback, state: FSMContext, **deps: Any
) -> None:
    """One-tap answers: the same vendor order, a date, «другая дата…», keeping an answer."""
    ctx = ctx_of(query, state, deps)
    field, value = callback_data.field, callback_data.value
    step = await state.get_state()
    number, day = callback_data.number(), callback_data.day()
    if field == "same" and step == PurchaseSG.number.state and number is not None:
        await save.order_same(ctx, number)
    elif field == "date" and step == PurchaseSG.date.state and value == "other":
        await d.change(state, **{d.TYPING_DATE: True})
        await show_step(ctx)
    elif field == "date" and step == PurchaseSG.date.state and day is not None:
        await _date_answered(ctx, day)
    elif field == "keep" and step == PurchaseSG.number.state:
        await _to_date(ctx)
    elif field == "keep" and step == PurchaseSG.date.state:
        await save.order_current(ctx)
    else:
        await query.answer()  # a button of a step already left


async def back(query: CallbackQuery, state: FSMContext, **deps: Any) -> None:
    ctx = ctx_of(query, state, deps)
    data = await state.get_data()
    if await state.get_state() == PurchaseSG.date.state:
        await d.change(state, **{d.TYPING_DATE: False})
        await state.set_state(PurchaseSG.number)
        await show_step(ctx)
    elif data[d.INDEX] > 0:
        # The previous part is saved already; its date is one tap away.
        await go_to_part(ctx, data[d.INDEX] - 1, PurchaseSG.date)
    elif data.get(d.REVIEW):
        await show_review(ctx)
    else:
        await query.answer()


async def reorder(
    query: CallbackQuery, callback_data: PartCallback, state: FSMContext, **deps: Any
) -> None:
    """From the overview: correct one part's vendor order; saving returns to the overview."""
    ctx = ctx_of(query, state, deps)
    await d.change(state, **{d.QUEUE: [callback_data.part_id], d.INDEX: 0, d.REVIEW: True})
    await go_to_part(ctx, 0)


async def finish(query: CallbackQuery, state: FSMContext, **deps: Any) -> None:
    await save.finish_review(ctx_of(query, state, deps))


async def _to_date(ctx: Ctx) -> None:
    await d.change(ctx.state, **{d.TYPING_DATE: False})
    await ctx.state.set_state(PurchaseSG.date)
    await show_step(ctx)


async def _date_answered(ctx: Ctx, when: date) -> None:
    if when < ctx.today:
        await show_step(ctx, ctx.l10n("order-error-bad-date"))
        return
    await d.answer(ctx.state, date=when.isoformat())
    await save.order_current(ctx)
