"""Drawing the step the dialog is on, and moving between parts."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from aiogram.fsm.context import FSMContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import L10n
from bot.notify import Notifier
from bot.render.orders import money_text, stage_label
from dialogs.common.screen import Event, keyboard, nav_row, show
from dialogs.pricing import data as d
from dialogs.pricing import keyboards as kb
from dialogs.pricing import render
from dialogs.pricing.queries import load_order
from dialogs.pricing.states import PricingSG
from services.normalize import format_quantity
from services.orders import OrderService, Stage, default_sale_price
from services.orders.parts import is_available, is_priced
from services.storage.models import Employee, Order, OrderPart

STEPS = (PricingSG.purchase, PricingSG.sale, PricingSG.vendor, PricingSG.days)


@dataclass(frozen=True)
class Ctx:
    """What every pricing handler works with (from the middlewares)."""

    event: Event
    state: FSMContext
    l10n: L10n
    session: AsyncSession
    orders: OrderService
    notifier: Notifier
    employee: Employee


def unpriced(order: Order) -> list[int]:
    return [p.id for p in order.parts if is_available(p) and not is_priced(p)]


def find_part(order: Order, part_id: int) -> OrderPart | None:
    return next((p for p in order.parts if p.id == part_id), None)


async def go_to_part(
    ctx: Ctx,
    index: int,
    step: Any = PricingSG.purchase,
    note: str | None = None,
    *,
    order: Order | None = None,
) -> None:
    """Make `index` of the queue the part in hand, with its kept or saved answers. `order`:
    the order as this update has just read it, if it has (else it is read)."""
    data = await ctx.state.get_data()
    if order is None:
        order = await load_order(ctx.session, data[d.ORDER])
    pid = str(data[d.QUEUE][index])
    part = find_part(order, int(pid))
    kept = data.get(d.ANSWERS, {})
    if pid not in kept and part is not None:
        kept = {**kept, pid: d.answers_of(part)}
    await d.change(ctx.state, **{d.INDEX: index, d.ANSWERS: kept})
    await ctx.state.set_state(step)
    await show_step(ctx, note, order)


async def show_step(
    ctx: Ctx, note: str | None = None, order: Order | None = None, *, typing_vendor: bool = False
) -> None:
    data = await ctx.state.get_data()
    step = await ctx.state.get_state()
    if order is None:
        order = await load_order(ctx.session, data[d.ORDER])
    part = find_part(order, d.part_id(data))
    if part is None:  # removed meanwhile: the order changed under us
        await show_review(ctx, order, ctx.l10n("order-error-part-not-found", part_id=0))
        return
    l10n, answers = ctx.l10n, d.current(data)
    title = render.part_title(l10n, order, part)
    if step == PricingSG.sale.state:
        purchase = Decimal(answers["purchase"])
        text = render.screen(
            note,
            title,
            l10n("pricing-ask-sale", purchase=money_text(purchase)),
            render.kept_line(l10n, render.kept_sale(l10n, answers)),
        )
        markup = kb.sale_keyboard(
            l10n,
            l10n.raw(
                "pricing-btn-markup",
                percent=format_quantity(ctx.orders.markup_percent),
                price=money_text(default_sale_price(purchase, ctx.orders.markup_percent)),
            ),
            _quick_label(l10n, data.get(d.LAST)),
            render.kept_sale(l10n, answers),
        )
    elif step == PricingSG.vendor.state and typing_vendor:
        text = render.screen(note, title, l10n("pricing-ask-vendor-name"))
        markup = keyboard(nav_row(l10n))
    elif step == PricingSG.vendor.state:
        vendor = answers.get("vendor")
        text = render.screen(
            note, title, l10n("pricing-ask-vendor"), render.kept_line(l10n, vendor)
        )
        markup = kb.vendor_keyboard(l10n, data.get(d.VENDORS, []), vendor)
    elif step == PricingSG.days.state:
        days = answers.get("days")
        kept = l10n.raw("pricing-days", days=days) if days is not None else None
        text = render.screen(
            note,
            title,
            l10n("pricing-ask-days", vendor=answers.get("vendor", "—")),
            render.kept_line(l10n, kept),
        )
        markup = kb.days_keyboard(l10n, kept)
    else:
        purchase_kept = answers.get("purchase")
        kept = money_text(Decimal(purchase_kept)) if purchase_kept is not None else None
        text = render.screen(
            note, title, l10n("pricing-ask-purchase"), render.kept_line(l10n, kept)
        )
        first = data[d.INDEX] == 0 and not data.get(d.REVIEW)
        markup = kb.purchase_keyboard(l10n, kept, first)
    await show(ctx.event, ctx.state, text, markup)


async def show_review(ctx: Ctx, order: Order | None = None, note: str | None = None) -> None:
    """Every part priced but the order still here (after a move back): correct one or finish."""
    data = await ctx.state.get_data()
    if order is None:
        order = await load_order(ctx.session, data[d.ORDER])
    await d.change(ctx.state, **{d.REVIEW: True})
    await ctx.state.set_state(PricingSG.review)
    finish = ctx.l10n.raw(
        "pricing-btn-finish", stage=stage_label(ctx.l10n, Stage.LABOUR_PRICING.value)
    )
    await show(
        ctx.event,
        ctx.state,
        render.review(ctx.l10n, order, note),
        kb.review_keyboard(ctx.l10n, order, finish),
    )


def _quick_label(l10n: L10n, last: dict[str, Any] | None) -> str | None:
    if not last:
        return None
    return l10n.raw("pricing-btn-quick", vendor=last["vendor"][:30], days=last["days"])
