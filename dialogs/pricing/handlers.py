"""Pricing handlers: parse what was typed or tapped, keep it, draw the next step or save."""

from __future__ import annotations

from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.callbacks import OrderCallback, PartCallback, PickCallback
from dialogs.common.feedback import error_text
from dialogs.common.screen import SCREEN_KEY, Event
from dialogs.common.send_back import pin_send_back
from dialogs.pricing import data as d
from dialogs.pricing import save
from dialogs.pricing.flow import Ctx, go_to_part, show_review, show_step, unpriced
from dialogs.pricing.parse import is_markup, looks_like_line, parse_days, parse_line, parse_vendor
from dialogs.pricing.queries import load_order, recent_vendors
from dialogs.pricing.states import PricingSG
from services.errors import DomainError
from services.normalize import parse_money

NEXT = {
    PricingSG.purchase.state: PricingSG.sale,
    PricingSG.sale.state: PricingSG.vendor,
    PricingSG.vendor.state: PricingSG.days,
}
PREVIOUS = {
    PricingSG.sale.state: PricingSG.purchase,
    PricingSG.vendor.state: PricingSG.sale,
    PricingSG.days.state: PricingSG.vendor,
}


def ctx_of(event: Event, state: FSMContext, deps: dict[str, Any]) -> Ctx:
    return Ctx(
        event,
        state,
        deps["l10n"],
        deps["session"],
        deps["orders"],
        deps["notifier"],
        deps["employee"],
    )


async def enter(
    query: CallbackQuery, callback_data: OrderCallback, state: FSMContext, **deps: Any
) -> None:
    """«💰 Оценить запчасти» on PARTS_PRICING (the guard has checked stage and role)."""
    session = deps["session"]
    order = await load_order(session, callback_data.order_id)
    queue = unpriced(order)
    previous_screen = (await state.get_data()).get(SCREEN_KEY)
    await state.set_data(
        {
            SCREEN_KEY: previous_screen,
            d.ORDER: order.id,
            d.QUEUE: queue,
            d.INDEX: 0,
            d.REVIEW: not queue,
            d.ANSWERS: {},
            d.VENDORS: await recent_vendors(session),
        }
    )
    await pin_send_back(state, PricingSG, deps["l10n"], session, order.id, order.stage)
    await query.answer()
    # A new message: the notification or card the tap came from stays as it was.
    ctx = ctx_of(query.message if isinstance(query.message, Message) else query, state, deps)
    if queue:
        await go_to_part(ctx, 0, order=order)
    else:
        await show_review(ctx, order)


async def purchase_typed(message: Message, state: FSMContext, **deps: Any) -> None:
    ctx = ctx_of(message, state, deps)
    text = message.text or ""
    try:
        if looks_like_line(text):
            line = parse_line(text)
            await d.answer(
                state,
                purchase=str(line.purchase),
                sale="markup" if line.sale is None else str(line.sale),
                vendor=line.vendor,
                days=line.days,
            )
            await save.price_current(ctx)
            return
        purchase = parse_money(text)
    except DomainError as error:
        await show_step(ctx, error_text(ctx.l10n, error))
        return
    await _answered(ctx, purchase=str(purchase))


async def sale_typed(message: Message, state: FSMContext, **deps: Any) -> None:
    ctx = ctx_of(message, state, deps)
    text = message.text or ""
    try:
        sale = "markup" if is_markup(text) else str(parse_money(text))
    except DomainError as error:
        await show_step(ctx, error_text(ctx.l10n, error))
        return
    await _answered(ctx, sale=sale)


async def vendor_typed(message: Message, state: FSMContext, **deps: Any) -> None:
    ctx = ctx_of(message, state, deps)
    try:
        vendor = parse_vendor(message.text or "")
    except DomainError as error:
        await show_step(ctx, error_text(ctx.l10n, error))
        return
    await _answered(ctx, vendor=vendor)


async def days_typed(message: Message, state: FSMContext, **deps: Any) -> None:
    ctx = ctx_of(message, state, deps)
    try:
        days = parse_days(message.text or "")
    except DomainError as error:
        await show_step(ctx, error_text(ctx.l10n, error))
        return
    await _answered(ctx, days=days)


async def picked(
    query: CallbackQuery, callback_data: PickCallback, state: FSMContext, **deps: Any
) -> None:
    """One-tap answers: «Нет в наличии», «по наценке», the quick repeat, a vendor, the days."""
    ctx = ctx_of(query, state, deps)
    field, value = callback_data.field, callback_data.value
    step = await state.get_state()
    if field == "unav" and step == PricingSG.purchase.state:
        await save.mark_unavailable(ctx)
    elif field == "mk" and step == PricingSG.sale.state:
        await _answered(ctx, sale="markup")
    elif field == "quick" and step == PricingSG.sale.state:
        last = (await state.get_data()).get(d.LAST)
        if not last:
            await show_step(ctx)
            return
        await d.answer(state, sale="markup", vendor=last["vendor"], days=last["days"])
        await save.price_current(ctx)
    elif field == "vnd" and step == PricingSG.vendor.state:
        await _vendor_picked(ctx, value)
    elif field == "days" and step == PricingSG.days.state and callback_data.number() is not None:
        await _answered(ctx, days=callback_data.number())
    elif field == "keep" and step is not None and value == step.rsplit(":", 1)[-1]:
        await _answered(ctx)  # the kept answer stands
    else:
        await query.answer()  # a button of a step already left


async def back(query: CallbackQuery, state: FSMContext, **deps: Any) -> None:
    ctx = ctx_of(query, state, deps)
    step = await state.get_state()
    if step in PREVIOUS:
        await state.set_state(PREVIOUS[step])
        await show_step(ctx)
        return
    data = await state.get_data()
    if data[d.INDEX] > 0:
        # The previous part is saved already; its last answer is one tap away.
        await go_to_part(ctx, data[d.INDEX] - 1, PricingSG.days)
    elif data.get(d.REVIEW):
        await show_review(ctx)
    else:
        await query.answer()


async def reprice(
    query: CallbackQuery, callback_data: PartCallback, state: FSMContext, **deps: Any
) -> None:
    """From the overview: correct one part; saving it returns to the overview."""
    ctx = ctx_of(query, state, deps)
    await d.change(state, **{d.QUEUE: [callback_data.part_id], d.INDEX: 0, d.REVIEW: True})
    await go_to_part(ctx, 0)


async def finish(query: CallbackQuery, state: FSMContext, **deps: Any) -> None:
    await save.finish_review(ctx_of(query, state, deps))


async def _answered(ctx: Ctx, **values: Any) -> None:
    """Keep the answer and go to the next step; after the days the part is complete."""
    if values:
        await d.answer(ctx.state, **values)
    step = await ctx.state.get_state()
    if step in NEXT:
        await ctx.state.set_state(NEXT[step])
        await show_step(ctx)
    else:
        await save.price_current(ctx)


async def _vendor_picked(ctx: Ctx, value: str) -> None:
    if value == "other":
        await show_step(ctx, typing_vendor=True)
        return
    vendors = (await ctx.state.get_data()).get(d.VENDORS, [])
    index = int(value) if value.isascii() and value.isdigit() else len(vendors)
    if index >= len(vendors):
        await show_step(ctx)
        return
    await _answered(ctx, vendor=vendors[index])
