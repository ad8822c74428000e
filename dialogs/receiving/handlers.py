"""Receiving (storekeeper): tap an awaited part, say how many came; each receipt is saved at
once, and the one that completes the order hands it to the master for the pre-issue check."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.callbacks import NavCallback, OrderCallback, PartCallback, PickCallback
from bot.i18n import L10n
from bot.notify import Notifier
from bot.render.orders import stage_label
from dialogs.common.screen import SCREEN_KEY, Event, close, show
from dialogs.common.send_back import pin_send_back
from dialogs.receiving import keyboards, render
from dialogs.receiving.states import ReceivingSG
from services.errors import DomainError
from services.normalize import NormalizeError, parse_quantity
from services.orders import OrderCard, OrderQueries, OrderService, Stage
from services.storage.models import Employee, OrderPart


class Ctx:
    """What every step needs, taken from the handler's keyword arguments."""

    def __init__(self, state: FSMContext, data: dict[str, Any]) -> None:
        self.state = state
        self.l10n: L10n = data["l10n"]
        self.queries: OrderQueries = data["queries"]
        self.orders: OrderService = data["orders"]
        self.notifier: Notifier = data["notifier"]
        self.employee: Employee = data["employee"]

    async def order(self) -> tuple[int, str]:
        data = await self.state.get_data()
        return int(data["rc_order"]), str(data["rc_stage"])

    async def card(self) -> OrderCard:
        order_id, _ = await self.order()
        return await self.queries.order_card(order_id, self.employee)

    async def part(self) -> tuple[OrderCard, OrderPart | None]:
        """The part being received, read fresh (None if it is gone from the order)."""
        part_id = (await self.state.get_data()).get("rc_part")
        card = await self.card()
        return card, next((p for p in card.parts if p.id == part_id), None)


async def enter(
    query: CallbackQuery, callback_data: OrderCallback, state: FSMContext, **deps: Any
) -> None:
    kept = (await state.get_data()).get(SCREEN_KEY)
    await state.set_state(ReceivingSG.parts)
    await state.set_data(
        {"rc_order": callback_data.order_id, "rc_stage": callback_data.stage, SCREEN_KEY: kept}
    )
    await pin_send_back(
        state,
        ReceivingSG,
        deps["l10n"],
        deps["session"],
        callback_data.order_id,
        callback_data.stage,
    )
    await query.answer()
    # A new message: the card or notification the storekeeper tapped stays as it was.
    assert isinstance(query.message, Message)
    await _show_parts(query.message, Ctx(state, deps))


async def part_tapped(
    query: CallbackQuery, callback_data: PartCallback, state: FSMContext, **deps: Any
) -> None:
    ctx = Ctx(state, deps)
    order_id, _ = await ctx.order()
    await state.update_data(rc_part=callback_data.part_id)
    card, part = await ctx.part()
    if callback_data.order_id != order_id or part is None:
        await _show_parts(query, ctx, render.warning(ctx.l10n("order-error-part-not-found")))
        return
    if part.received_quantity >= part.quantity:
        notice = ctx.l10n("receiving-already", name=part.name)
        await _show_parts(query, ctx, render.warning(notice))
        return
    await state.set_state(ReceivingSG.quantity)
    await _show_quantity(query, ctx, card, part)


async def quantity_picked(
    query: CallbackQuery, callback_data: PickCallback, state: FSMContext, **deps: Any
) -> None:
    ctx = Ctx(state, deps)
    if callback_data.value == keyboards.OTHER:
        await state.set_state(ReceivingSG.typed)
        await _show_current(query, ctx)
        return
    try:
        amount = Decimal(callback_data.value)
    except InvalidOperation:  # a forged button
        await _show_current(
            query, ctx, render.warning(ctx.l10n("validation-quantity", reason="format"))
        )
        return
    await _receive(query, ctx, amount)


async def quantity_typed(message: Message, state: FSMContext, **deps: Any) -> None:
    ctx = Ctx(state, deps)
    try:
        amount = parse_quantity(message.text or "")
    except NormalizeError as error:
        await _show_current(message, ctx, render.warning(ctx.l10n(error.key, **error.params)))
        return
    await _receive(message, ctx, amount)


async def _receive(event: Event, ctx: Ctx, amount: Decimal) -> None:
    order_id, seen = await ctx.order()
    part_id = int((await ctx.state.get_data())["rc_part"])
    try:
        result = await ctx.orders.receive_part(
            ctx.employee, order_id, part_id, quantity=amount, seen_stage=seen
        )
    except DomainError as error:
        text = render.error_text(ctx.l10n, error)
        if render.ends_dialog(error):
            await close(event, ctx.state, text)
        else:
            await _show_current(event, ctx, render.warning(text))
        return
    part = next(p for p in result.order.parts if p.id == part_id)
    notice = render.received_notice(ctx.l10n, part, amount)
    if result.order.stage != seen:
        stage = stage_label(ctx.l10n, result.order.stage)
        done = ctx.l10n("receiving-all-in", order_id=order_id, stage=stage)
        await close(event, ctx.state, f"{notice}\n{done}")
    else:
        await ctx.state.set_state(ReceivingSG.parts)
        await _show_parts(event, ctx, notice)
    await ctx.notifier.deliver(result.notices)


async def back(query: CallbackQuery, state: FSMContext, **deps: Any) -> None:
    ctx = Ctx(state, deps)
    if await state.get_state() == ReceivingSG.typed.state:
        await state.set_state(ReceivingSG.quantity)
        await _show_current(query, ctx)
    else:
        await state.set_state(ReceivingSG.parts)
        await _show_parts(query, ctx)


async def tap_a_part(message: Message, state: FSMContext, **deps: Any) -> None:
    ctx = Ctx(state, deps)
    await _show_parts(message, ctx, render.warning(ctx.l10n("receiving-error-tap-part")))


async def _show_parts(event: Event, ctx: Ctx, notice: str | None = None) -> None:
    card = await ctx.card()
    text = render.parts_text(ctx.l10n, card, notice)
    markup = keyboards.parts_keyboard(ctx.l10n, card.order.id, render.awaited(card))
    await show(event, ctx.state, text, markup)


async def _show_current(event: Event, ctx: Ctx, notice: str | None = None) -> None:
    """The quantity question again (buttons, or the typed one after «другое…»)."""
    card, part = await ctx.part()
    if part is None:
        await ctx.state.set_state(ReceivingSG.parts)
        await _show_parts(event, ctx, render.warning(ctx.l10n("order-error-part-not-found")))
        return
    await _show_quantity(event, ctx, card, part, notice)


async def _show_quantity(
    event: Event, ctx: Ctx, card: OrderCard, part: OrderPart, notice: str | None = None
) -> None:
    order, l10n = card.order, ctx.l10n
    if await ctx.state.get_state() == ReceivingSG.typed.state:
        text = render.typed_text(l10n, order.id, order.stage, part, notice)
        await show(event, ctx.state, text, keyboards.typed_keyboard(l10n))
        return
    text = render.quantity_text_screen(l10n, order.id, order.stage, part, notice)
    await show(event, ctx.state, text, keyboards.quantity_keyboard(l10n, part))


def setup() -> Router:
    router = Router(name=__name__)
    cb = router.callback_query
    cb.register(
        enter,
        OrderCallback.filter((F.action == "act") & (F.stage == Stage.AWAITING_DELIVERY.value)),
    )
    cb.register(part_tapped, ReceivingSG.parts, PartCallback.filter(F.action == keyboards.RECEIVE))
    cb.register(
        quantity_picked, ReceivingSG.quantity, PickCallback.filter(F.field == keyboards.QUANTITY)
    )
    cb.register(back, ReceivingSG.quantity, NavCallback.filter(F.action == "back"))
    cb.register(back, ReceivingSG.typed, NavCallback.filter(F.action == "back"))
    router.message.register(quantity_typed, ReceivingSG.quantity)
    router.message.register(quantity_typed, ReceivingSG.typed)
    router.message.register(tap_a_part, ReceivingSG.parts)
    return router
