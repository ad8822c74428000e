"""Saving a part as soon as its answers are complete, then the next part or the summary."""

from __future__ import annotations

from decimal import Decimal

from dialogs.common.feedback import ends_dialog, error_text
from dialogs.common.screen import close
from dialogs.pricing import data as d
from dialogs.pricing import render
from dialogs.pricing.flow import Ctx, go_to_part, show_review, show_step, unpriced
from dialogs.pricing.queries import load_order, recent_vendors
from dialogs.pricing.states import PricingSG
from services.errors import DomainError
from services.orders import Stage, StepResult


async def price_current(ctx: Ctx) -> None:
    """The part in hand has every answer: save it with the service."""
    data = await ctx.state.get_data()
    answers = d.current(data)
    sale = answers.get("sale")
    try:
        result = await ctx.orders.price_part(
            ctx.employee,
            data[d.ORDER],
            d.part_id(data),
            purchase_price=Decimal(answers["purchase"]),
            sale_price=None if sale in (None, "markup") else Decimal(sale),
            vendor=answers["vendor"],
            delivery_days=int(answers["days"]),
            seen_stage=Stage.PARTS_PRICING,
        )
    except DomainError as error:
        await _refused(ctx, error)
        return
    await d.change(
        ctx.state,
        **{
            d.LAST: {"vendor": answers["vendor"], "days": int(answers["days"])},
            d.VENDORS: await recent_vendors(ctx.session),
        },
    )
    await _next(ctx, result)


async def mark_unavailable(ctx: Ctx) -> None:
    data = await ctx.state.get_data()
    try:
        result = await ctx.orders.mark_part_unavailable(
            ctx.employee, data[d.ORDER], d.part_id(data), seen_stage=Stage.PARTS_PRICING
        )
    except DomainError as error:
        await _refused(ctx, error)
        return
    await _next(ctx, result)


async def finish_review(ctx: Ctx) -> None:
    """Every part was priced already (after a move back): pass the order on as it is."""
    data = await ctx.state.get_data()
    try:
        result = await ctx.orders.complete_stage(
            ctx.employee, data[d.ORDER], seen_stage=Stage.PARTS_PRICING
        )
    except DomainError as error:
        await _refused(ctx, error)
        return
    await close(ctx.event, ctx.state, render.summary(ctx.l10n, result.order))
    await ctx.notifier.deliver(result.notices)


async def _next(ctx: Ctx, result: StepResult) -> None:
    data = await ctx.state.get_data()
    order = result.order
    if order.stage != Stage.PARTS_PRICING:
        # The service moved the order on when its last part was priced.
        await close(ctx.event, ctx.state, render.summary(ctx.l10n, order))
        await ctx.notifier.deliver(result.notices)
        return
    await ctx.notifier.deliver(result.notices)
    saved = next(p for p in order.parts if p.id == d.part_id(data))
    note = render.saved_note(ctx.l10n, saved)
    if data.get(d.REVIEW):
        await show_review(ctx, order, note)
        return
    remaining = unpriced(order)
    queue = [int(pid) for pid in data[d.QUEUE]]
    later = [i for i in range(data[d.INDEX] + 1, len(queue)) if queue[i] in remaining]
    if later:
        await go_to_part(ctx, later[0], note=note, order=order)
    elif remaining:
        # Someone added or reset a part meanwhile: walk what is still unpriced.
        await d.change(ctx.state, **{d.QUEUE: remaining})
        await go_to_part(ctx, 0, note=note, order=order)
    else:
        await show_review(ctx, order, note)


async def _refused(ctx: Ctx, error: DomainError) -> None:
    text = error_text(ctx.l10n, error)
    if ends_dialog(error):
        await close(ctx.event, ctx.state, text)
        return
    if await ctx.state.get_state() == PricingSG.review.state:
        order = await load_order(ctx.session, (await ctx.state.get_data())[d.ORDER])
        await show_review(ctx, order, text)
        return
    await show_step(ctx, text)
