"""Saving a part's vendor order as soon as it has a number and a date, then the next part."""

from __future__ import annotations

from datetime import date

from dialogs.common.feedback import ends_dialog, error_text
from dialogs.common.screen import close
from dialogs.pricing.queries import load_order
from dialogs.purchase import data as d
from dialogs.purchase import render
from dialogs.purchase.flow import Ctx, go_to_part, show_review, show_step, to_order
from dialogs.purchase.states import PurchaseSG
from services.errors import DomainError
from services.orders import Stage, StepResult
from services.orders.parts import is_ordered


async def order_current(ctx: Ctx) -> None:
    data = await ctx.state.get_data()
    answers = d.current(data)
    await _order_parts(
        ctx, [d.part_id(data)], answers["number"], date.fromisoformat(answers["date"])
    )


async def order_same(ctx: Ctx, known_index: int) -> None:
    """«Тот же заказ … для всех деталей Emex»: the number and date typed for that vendor order
    go to this part and every later one of the same vendor."""
    data = await ctx.state.get_data()
    known = data.get(d.KNOWN, [])
    if known_index >= len(known):
        await show_step(ctx)
        return
    vendor, number, when = known[known_index]
    order = await load_order(ctx.session, data[d.ORDER])
    later = [int(pid) for pid in data[d.QUEUE][data[d.INDEX] :]]
    ids = [
        p.id
        for p in order.parts
        if p.id in later and (p.vendor or "") == vendor and (p.id == later[0] or not is_ordered(p))
    ]
    await _order_parts(ctx, ids, number, date.fromisoformat(when))


async def finish_review(ctx: Ctx) -> None:
    data = await ctx.state.get_data()
    try:
        result = await ctx.orders.complete_purchase(
            ctx.employee, data[d.ORDER], seen_stage=Stage.PARTS_PURCHASE
        )
    except DomainError as error:
        await _refused(ctx, error)
        return
    await close(ctx.event, ctx.state, render.summary(ctx.l10n, result.order))
    await ctx.notifier.deliver(result.notices)


async def _order_parts(ctx: Ctx, part_ids: list[int], number: str, when: date) -> None:
    """All the parts in one step: a refusal saves none of them."""
    data = await ctx.state.get_data()
    try:
        result = await ctx.orders.set_parts_order(
            ctx.employee,
            data[d.ORDER],
            part_ids,
            vendor_order_no=number,
            expected_date=when,
            seen_stage=Stage.PARTS_PURCHASE,
            # Walking the parts (not the review) ends the stage once all are ordered.
            finish=not data.get(d.REVIEW),
        )
    except DomainError as error:
        await _refused(ctx, error)
        return
    await ctx.notifier.deliver(result.notices)
    order = result.order
    saved = [p for p in order.parts if p.id in part_ids]
    known = [k for k in data.get(d.KNOWN, []) if k[1] != number]
    vendor = saved[0].vendor or "" if saved else ""
    await d.change(ctx.state, **{d.KNOWN: [[vendor, number, when.isoformat()], *known][:4]})
    await _next(ctx, result, render.saved_note(ctx.l10n, saved, number, when))


async def _next(ctx: Ctx, result: StepResult, note: str) -> None:
    data = await ctx.state.get_data()
    order = result.order
    if order.stage != Stage.PARTS_PURCHASE:
        await close(ctx.event, ctx.state, render.summary(ctx.l10n, order))
        return
    if data.get(d.REVIEW):
        await show_review(ctx, order, note)
        return
    remaining = to_order(order)
    queue = [int(pid) for pid in data[d.QUEUE]]
    later = [i for i in range(data[d.INDEX] + 1, len(queue)) if queue[i] in remaining]
    if later:
        await go_to_part(ctx, later[0], note=note, order=order)
    else:
        # Someone added or reset a part meanwhile: walk what is still to order.
        await d.change(ctx.state, **{d.QUEUE: remaining})
        await go_to_part(ctx, 0, note=note, order=order)


async def _refused(ctx: Ctx, error: DomainError) -> None:
    text = error_text(ctx.l10n, error)
    if ends_dialog(error):
        await close(ctx.event, ctx.state, text)
    elif await ctx.state.get_state() == PurchaseSG.review.state:
        await show_review(ctx, note=text)
    else:
        await show_step(ctx, text)
