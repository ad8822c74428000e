"""Drawing the step the purchase dialog is on, and moving between parts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from aiogram.fsm.context import FSMContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import L10n
from bot.notify import Notifier
from bot.render.orders import stage_label
from dialogs.common.screen import Event, show
from dialogs.pricing.queries import load_order
from dialogs.purchase import data as d
from dialogs.purchase import keyboards as kb
from dialogs.purchase import render
from dialogs.purchase.states import PurchaseSG
from services.normalize import format_date
from services.orders import OrderService, Stage
from services.orders.parts import is_available, is_ordered
from services.storage.models import Employee, Order, OrderPart


@dataclass(frozen=True)
class Ctx:
    """What every purchase handler works with (from the middlewares)."""

    event: Event
    state: FSMContext
    l10n: L10n
    session: AsyncSession
    orders: OrderService
    notifier: Notifier
    employee: Employee
    today: date  # in the shop's time zone


def to_order(order: Order) -> list[int]:
    """Parts still without a vendor order, grouped by vendor in the order they first appear,
    so the parts of one vendor order come one after another."""
    parts = [p for p in order.parts if is_available(p) and not is_ordered(p)]
    first: dict[str, int] = {}
    for n, part in enumerate(parts):
        first.setdefault(part.vendor or "", n)
    return [p.id for p in sorted(parts, key=lambda p: (first[p.vendor or ""], p.position))]


def find_part(order: Order, part_id: int) -> OrderPart | None:
    return next((p for p in order.parts if p.id == part_id), None)


async def go_to_part(
    ctx: Ctx,
    index: int,
    step: Any = PurchaseSG.number,
    note: str | None = None,
    *,
    order: Order | None = None,
) -> None:
    """`order`: the order as this update has just read it, if it has (else it is read)."""
    data = await ctx.state.get_data()
    if order is None:
        order = await load_order(ctx.session, data[d.ORDER])
    pid = str(data[d.QUEUE][index])
    part = find_part(order, int(pid))
    kept = data.get(d.ANSWERS, {})
    if pid not in kept and part is not None:
        kept = {**kept, pid: d.answers_of(part)}
    await d.change(ctx.state, **{d.INDEX: index, d.ANSWERS: kept, d.TYPING_DATE: False})
    await ctx.state.set_state(step)
    await show_step(ctx, note, order)


def same_vendor_orders(
    l10n: L10n, data: dict[str, Any], order: Order, part: OrderPart
) -> list[tuple[int, str]]:
    """Vendor orders typed in this dialog for this part's vendor, as one-tap buttons."""
    later = [int(pid) for pid in data[d.QUEUE][data[d.INDEX] :]]
    same_vendor = [
        p for p in order.parts if p.id in later and p.vendor == part.vendor and not is_ordered(p)
    ]
    buttons = []
    for i, (vendor, number, _when) in enumerate(data.get(d.KNOWN, [])):
        if vendor != (part.vendor or ""):
            continue
        if len(same_vendor) > 1:
            label = l10n.raw("purchase-btn-same-all", number=number, vendor=vendor)
        else:
            label = l10n.raw("purchase-btn-same", number=number)
        buttons.append((i, label))
    return buttons


async def show_step(ctx: Ctx, note: str | None = None, order: Order | None = None) -> None:
    data = await ctx.state.get_data()
    if order is None:
        order = await load_order(ctx.session, data[d.ORDER])
    part = find_part(order, d.part_id(data))
    if part is None:
        await show_review(ctx, order, ctx.l10n("order-error-part-not-found", part_id=0))
        return
    l10n, answers = ctx.l10n, d.current(data)
    title = render.part_title(l10n, order, part, data[d.INDEX] + 1, len(data[d.QUEUE]))
    if await ctx.state.get_state() == PurchaseSG.date.state:
        kept = answers.get("date")
        kept_text = format_date(date.fromisoformat(kept), l10n.locale) if kept else None
        key = "purchase-ask-date-typed" if data.get(d.TYPING_DATE) else "purchase-ask-date"
        text = render.screen(
            note,
            title,
            l10n(key, number=answers.get("number", "—")),
            render.kept_line(l10n, kept_text),
        )
        markup = kb.date_keyboard(l10n, ctx.today, part.delivery_days, kept_text)
    else:
        number = answers.get("number")
        text = render.screen(
            note, title, l10n("purchase-ask-number"), render.kept_line(l10n, number)
        )
        first = data[d.INDEX] == 0 and not data.get(d.REVIEW)
        same = same_vendor_orders(l10n, data, order, part)
        markup = kb.number_keyboard(l10n, number, same, first)
    await show(ctx.event, ctx.state, text, markup)


async def show_review(ctx: Ctx, order: Order | None = None, note: str | None = None) -> None:
    """Every part ordered but the order still here (after a move back): correct one or finish."""
    data = await ctx.state.get_data()
    if order is None:
        order = await load_order(ctx.session, data[d.ORDER])
    await d.change(ctx.state, **{d.REVIEW: True})
    await ctx.state.set_state(PurchaseSG.review)
    finish = ctx.l10n.raw(
        "purchase-btn-finish", stage=stage_label(ctx.l10n, Stage.AWAITING_DELIVERY.value)
    )
    await show(
        ctx.event,
        ctx.state,
        render.review(ctx.l10n, order, note),
        kb.review_keyboard(ctx.l10n, order, finish),
    )
