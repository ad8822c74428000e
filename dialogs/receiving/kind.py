"""Receiving on the parts walk: tap an awaited part, say how many came; each receipt is saved
at once, and the one that completes the order hands it to the master (the service moves it)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from bot.render.orders import quantity_text, stage_label
from dialogs.parts_walk.kinds import Choice, Ctx, Screen
from dialogs.parts_walk.states import PartsWalkSG
from dialogs.receiving import render
from services.errors import DomainError
from services.normalize import NormalizeError, parse_quantity
from services.orders import OrderCard
from services.orders.parts import missing_quantity
from services.orders.use_cases import receive_part
from services.storage.models import OrderPart

OTHER = "o"  # «другое…»: the quantity is typed
MAX_QUICK = 5  # quick buttons for 1…5 below the whole remainder
_PER_ROW = 4


class ReceivingKind:
    async def begin(self, ctx: Ctx) -> None:
        await ctx.to(PartsWalkSG.parts)

    async def screen(self, ctx: Ctx) -> Screen:
        card = await ctx.queries.order_card(ctx.walk.order_id, ctx.employee)
        part = _part(card, ctx.walk.part_id) if ctx.window == PartsWalkSG.step else None
        if part is None:
            return _parts_screen(ctx, card)
        order, l10n = card.order, ctx.l10n
        if ctx.walk.typing:
            return Screen(render.typed_text(l10n, order.id, order.stage, part))
        text = render.quantity_text_screen(l10n, order.id, order.stage, part)
        return Screen(text, rows=_quantity_rows(ctx, part))

    async def part_tapped(self, ctx: Ctx, part_id: int) -> None:
        card = await ctx.queries.order_card(ctx.walk.order_id, ctx.employee)
        part = next((p for p in card.parts if p.id == part_id), None)
        if part is None:
            ctx.warn(ctx.l10n("order-error-part-not-found"))
        elif part.received_quantity >= part.quantity:
            ctx.warn(ctx.l10n("receiving-already", name=part.name))
        else:
            ctx.walk.queue, ctx.walk.index = [part_id], 0
            ctx.walk.typing = False
            await ctx.to(PartsWalkSG.step)

    async def picked(self, ctx: Ctx, value: str) -> None:
        if value == OTHER:
            ctx.walk.typing = True
            return
        try:
            amount = Decimal(value)
        except InvalidOperation:  # a forged button
            ctx.warn(ctx.l10n("validation-quantity", reason="format"))
            return
        await _receive(ctx, amount)

    async def typed(self, ctx: Ctx, text: str) -> None:
        if ctx.window != PartsWalkSG.step:
            ctx.warn(ctx.l10n("receiving-error-tap-part"))
            return
        try:
            amount = parse_quantity(text)
        except NormalizeError as error:
            ctx.warn(ctx.l10n(error.key, **error.params))
            return
        await _receive(ctx, amount)

    async def back(self, ctx: Ctx) -> None:
        if ctx.walk.typing:
            ctx.walk.typing = False
        else:
            await ctx.to(PartsWalkSG.parts)

    async def finish(self, ctx: Ctx) -> None:
        return None  # receiving ends with its last receipt, there is no «finish»


async def _receive(ctx: Ctx, amount: Decimal) -> None:
    walk = ctx.walk
    try:
        result = await receive_part(
            ctx.work,
            ctx.employee,
            walk.order_id,
            walk.part_id,
            quantity=amount,
            seen_stage=walk.stage,
        )
    except DomainError as error:
        await ctx.refused(error)
        return
    part = next(p for p in result.order.parts if p.id == walk.part_id)
    notice = render.received_notice(ctx.l10n, part, amount)
    if result.order.stage != walk.stage:
        stage = stage_label(ctx.l10n, result.order.stage)
        done = ctx.l10n("receiving-all-in", order_id=walk.order_id, stage=stage)
        await ctx.close(f"{notice}\n{done}")
    else:
        ctx.say(notice)
        await ctx.to(PartsWalkSG.parts)
    await ctx.notifier.deliver(result.notices)


def _part(card: OrderCard, part_id: int) -> OrderPart | None:
    """The part in hand, read fresh (None if it is gone from the order)."""
    return next((p for p in card.parts if p.id == part_id), None)


def _parts_screen(ctx: Ctx, card: OrderCard) -> Screen:
    parts: list[Choice] = [
        (f"{part.name} {render.counts(part)}"[:64], str(part.id))
        for part in render.awaited(card)
        if missing_quantity(part) > 0
    ]
    # Fully received parts are listed in the text with ✅ and get no button.
    return Screen(render.parts_text(ctx.l10n, card), parts=parts, back=False)


def _quantity_rows(ctx: Ctx, part: OrderPart) -> list[list[Choice]]:
    missing = missing_quantity(part)
    everything = ctx.l10n.raw("receiving-btn-all", missing=quantity_text(missing))
    buttons = [(everything, _plain(missing))]
    buttons += [(str(n), str(n)) for n in range(1, MAX_QUICK + 1) if Decimal(n) < missing]
    buttons.append((ctx.l10n.raw("receiving-btn-other"), OTHER))
    return [buttons[i : i + _PER_ROW] for i in range(0, len(buttons), _PER_ROW)]


def _plain(amount: Decimal) -> str:
    return format(amount.normalize(), "f")
