"""Client approval (master): the estimate with the phone → agreed: day, time, book; or refused."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.callbacks import NavCallback, OrderCallback, PickCallback
from bot.i18n import L10n
from bot.notify import Notifier
from bot.render.orders import money_text
from bot.settings import Settings
from dialogs.approval import keyboards, render
from dialogs.approval.calendar import DAY, MONTH, NOOP, CalendarCallback, month_of
from dialogs.approval.states import ApprovalSG
from dialogs.common.screen import SCREEN_KEY, Event, close, show
from dialogs.common.send_back import pin_send_back
from services.clock import Clock
from services.errors import DomainError
from services.normalize import NormalizeError, parse_date, parse_time
from services.orders import OrderCard, OrderQueries, OrderService, Stage
from services.storage.models import Employee

# Order.cancel_reason and StageTransition.reason are 500 characters long.
MAX_REASON = 500


class Ctx:
    """What every step needs, taken from the handler's keyword arguments."""

    def __init__(self, state: FSMContext, data: dict[str, Any]) -> None:
        self.state = state
        self.l10n: L10n = data["l10n"]
        self.settings: Settings = data["settings"]
        self.clock: Clock = data["clock"]
        self.queries: OrderQueries = data["queries"]
        self.orders: OrderService = data["orders"]
        self.notifier: Notifier = data["notifier"]
        self.employee: Employee = data["employee"]

    def now(self) -> datetime:
        return self.clock().astimezone(self.settings.shop.tz)

    def today(self) -> date:
        return self.now().date()

    async def data(self) -> dict[str, Any]:
        return await self.state.get_data()

    async def order(self) -> tuple[int, str]:
        data = await self.data()
        return int(data["ap_order"]), str(data["ap_stage"])


# Entry and step 1.


async def enter(
    query: CallbackQuery, callback_data: OrderCallback, state: FSMContext, **deps: Any
) -> None:
    ctx = Ctx(state, deps)
    data = await state.get_data()
    order_id = callback_data.order_id
    # Coming back to the same order keeps the day and time already picked.
    kept = {k: v for k, v in data.items() if k.startswith("ap_")}
    card = None
    if data.get("ap_order") != order_id:
        card = await ctx.queries.order_card(order_id, ctx.employee)
        kept = _hint(ctx, card)
    await state.set_state(ApprovalSG.decision)
    await state.set_data(
        {
            **kept,
            "ap_order": order_id,
            "ap_stage": callback_data.stage,
            SCREEN_KEY: data.get(SCREEN_KEY),
        }
    )
    await pin_send_back(state, ApprovalSG, ctx.l10n, deps["session"], order_id, callback_data.stage)
    await query.answer()
    # A new message: the card or notification the master tapped stays as it was.
    assert isinstance(query.message, Message)
    await _show_summary(query.message, ctx, card=card)


async def agreed(query: CallbackQuery, state: FSMContext, **deps: Any) -> None:
    ctx = Ctx(state, deps)
    await state.set_state(ApprovalSG.date)
    await _show_date(query, ctx)


async def refused(query: CallbackQuery, state: FSMContext, **deps: Any) -> None:
    ctx = Ctx(state, deps)
    await state.set_state(ApprovalSG.refuse)
    await _show_refuse(query, ctx)


# Step 2: the day.


async def calendar_day(
    query: CallbackQuery, callback_data: CalendarCallback, state: FSMContext, **deps: Any
) -> None:
    try:
        day = date(callback_data.y, callback_data.m, callback_data.d)
    except ValueError:
        day = None
    await _day_chosen(query, Ctx(state, deps), day)


async def calendar_month(
    query: CallbackQuery, callback_data: CalendarCallback, state: FSMContext, **deps: Any
) -> None:
    ctx = Ctx(state, deps)
    if not (callback_data.m and 1 < callback_data.y < 9999):  # forged: stay where we are
        await query.answer()
        return
    await state.update_data(ap_month=f"{callback_data.y}-{callback_data.m}")
    await _show_date(query, ctx)


async def calendar_noop(query: CallbackQuery) -> None:
    await query.answer()


async def quick_day(
    query: CallbackQuery, callback_data: PickCallback, state: FSMContext, **deps: Any
) -> None:
    day = callback_data.day()
    if day is None:  # a forged button
        await query.answer()
        return
    await _day_chosen(query, Ctx(state, deps), day)


async def date_typed(message: Message, state: FSMContext, **deps: Any) -> None:
    ctx = Ctx(state, deps)
    try:
        day = parse_date(message.text or "", ctx.today())
    except NormalizeError as error:
        await _show_date(message, ctx, render.warning(ctx.l10n(error.key, **error.params)))
        return
    await _day_chosen(message, ctx, day)


async def _day_chosen(event: Event, ctx: Ctx, day: date | None) -> None:
    today = ctx.today()
    last = today + timedelta(days=keyboards.CALENDAR_DAYS_AHEAD)
    if day is None or not today <= day <= last:
        await _show_date(event, ctx, render.warning(ctx.l10n("approval-error-day")))
        return
    year, month = month_of(day)
    await ctx.state.update_data(ap_date=day.isoformat(), ap_month=f"{year}-{month}")
    await ctx.state.set_state(ApprovalSG.time)
    await _show_time(event, ctx)


# Step 3: the time.


async def slot_picked(
    query: CallbackQuery, callback_data: PickCallback, state: FSMContext, **deps: Any
) -> None:
    ctx = Ctx(state, deps)
    try:
        moment = parse_time(f"{callback_data.value[:2]}:{callback_data.value[2:]}")
    except NormalizeError as error:  # a forged button
        await _show_time(query, ctx, render.warning(ctx.l10n(error.key, **error.params)))
        return
    await _time_chosen(query, ctx, moment)


async def time_typed(message: Message, state: FSMContext, **deps: Any) -> None:
    ctx = Ctx(state, deps)
    try:
        moment = parse_time(message.text or "")
    except NormalizeError as error:
        await _show_time(message, ctx, render.warning(ctx.l10n(error.key, **error.params)))
        return
    await _time_chosen(message, ctx, moment)


async def _time_chosen(event: Event, ctx: Ctx, moment: time) -> None:
    data = await ctx.data()
    when = _local(ctx, data["ap_date"], f"{moment:%H:%M}")
    if when <= ctx.now():
        await _show_time(event, ctx, render.warning(ctx.l10n("approval-error-past")))
        return
    await ctx.state.update_data(ap_time=f"{moment:%H:%M}")
    await ctx.state.set_state(ApprovalSG.confirm)
    await _show_confirm(event, ctx)


# Step 4: book.


async def book(query: CallbackQuery, state: FSMContext, **deps: Any) -> None:
    ctx = Ctx(state, deps)
    data = await ctx.data()
    order_id, seen = await ctx.order()
    when = _local(ctx, data["ap_date"], data["ap_time"])
    try:
        result = await ctx.orders.record_client_approval(
            ctx.employee, order_id, appointment_at=when.astimezone(UTC), seen_stage=seen
        )
    except DomainError as error:
        await _refused_by_service(query, ctx, error)
        return
    label = render.local_label(when, ctx.l10n)
    await close(query, state, render.booked_text(ctx.l10n, order_id, label, result.order.stage))
    await ctx.notifier.deliver(result.notices)


# The client said no.


async def reason_picked(
    query: CallbackQuery, callback_data: PickCallback, state: FSMContext, **deps: Any
) -> None:
    ctx = Ctx(state, deps)
    key = keyboards.REASONS.get(callback_data.value)
    await _cancel(query, ctx, ctx.l10n.raw(key) if key else "")


async def reason_typed(message: Message, state: FSMContext, **deps: Any) -> None:
    await _cancel(message, Ctx(state, deps), " ".join((message.text or "").split()))


async def _cancel(event: Event, ctx: Ctx, reason: str) -> None:
    l10n = ctx.l10n
    if not reason:
        await _show_refuse(event, ctx, render.warning(l10n("approval-error-reason-required")))
        return
    if len(reason) > MAX_REASON:
        problem = l10n("approval-error-reason-long", limit=MAX_REASON, length=len(reason))
        await _show_refuse(event, ctx, render.warning(problem))
        return
    order_id, seen = await ctx.order()
    try:
        result = await ctx.orders.client_refused(
            ctx.employee, order_id, reason=reason, seen_stage=seen
        )
    except DomainError as error:
        await _refused_by_service(event, ctx, error)
        return
    await close(event, ctx.state, l10n("approval-cancelled", order_id=order_id, reason=reason))
    await ctx.notifier.deliver(result.notices)


# Navigation and stray input.


async def back(query: CallbackQuery, state: FSMContext, **deps: Any) -> None:
    ctx = Ctx(state, deps)
    current = await state.get_state()
    if current == ApprovalSG.time.state:
        await state.set_state(ApprovalSG.date)
        await _show_date(query, ctx)
    elif current == ApprovalSG.confirm.state:
        await state.set_state(ApprovalSG.time)
        await _show_time(query, ctx)
    else:
        await state.set_state(ApprovalSG.decision)
        await _show_summary(query, ctx)


async def use_buttons(message: Message, state: FSMContext, **deps: Any) -> None:
    ctx = Ctx(state, deps)
    notice = render.warning(ctx.l10n("approval-error-use-buttons"))
    if await state.get_state() == ApprovalSG.confirm.state:
        await _show_confirm(message, ctx, notice)
    else:
        await _show_summary(message, ctx, notice)


# Screens.


async def _show_summary(
    event: Event, ctx: Ctx, notice: str | None = None, *, card: OrderCard | None = None
) -> None:
    """`card`: the order's card as this update has just read it, if it has (else it is read)."""
    if card is None:
        order_id, _ = await ctx.order()
        card = await ctx.queries.order_card(order_id, ctx.employee)
    text = render.summary_text(ctx.l10n, card, ctx.today(), notice)
    await show(event, ctx.state, text, keyboards.decision_keyboard(ctx.l10n))


async def _show_date(event: Event, ctx: Ctx, notice: str | None = None) -> None:
    data = await ctx.data()
    today = ctx.today()
    selected = date.fromisoformat(data["ap_date"]) if data.get("ap_date") else None
    if selected is not None and selected < today:
        selected = None
    month = month_of(selected or today)
    if data.get("ap_month"):
        year, number = data["ap_month"].split("-")
        month = (int(year), int(number))
    markup = keyboards.date_keyboard(ctx.l10n, today, month, selected)
    await show(event, ctx.state, render.date_text(ctx.l10n, int(data["ap_order"]), notice), markup)


async def _show_time(event: Event, ctx: Ctx, notice: str | None = None) -> None:
    data = await ctx.data()
    now = ctx.now()
    # Today's passed hours are not offered; a typed time is checked the same way.
    slots = [s for s in keyboards.SLOTS if _local(ctx, data["ap_date"], f"{s:%H:%M}") > now]
    day = date.fromisoformat(data["ap_date"])
    text = render.time_text(ctx.l10n, int(data["ap_order"]), day, notice)
    markup = keyboards.time_keyboard(ctx.l10n, slots, data.get("ap_time"))
    await show(event, ctx.state, text, markup)


async def _show_confirm(event: Event, ctx: Ctx, notice: str | None = None) -> None:
    data = await ctx.data()
    order_id, _ = await ctx.order()
    card = await ctx.queries.order_card(order_id, ctx.employee)
    label = render.local_label(_local(ctx, data["ap_date"], data["ap_time"]), ctx.l10n)
    total = money_text(card.totals.grand_total)
    text = render.confirm_text(ctx.l10n, order_id, label, total, notice)
    await show(event, ctx.state, text, keyboards.confirm_keyboard(ctx.l10n))


async def _show_refuse(event: Event, ctx: Ctx, notice: str | None = None) -> None:
    order_id, _ = await ctx.order()
    text = render.refuse_text(ctx.l10n, order_id, notice)
    await show(event, ctx.state, text, keyboards.refuse_keyboard(ctx.l10n))


async def _refused_by_service(event: Event, ctx: Ctx, error: DomainError) -> None:
    text = render.warning(render.error_text(ctx.l10n, error))
    if render.ends_dialog(error):
        await close(event, ctx.state, render.error_text(ctx.l10n, error))
    elif error.key == "order-error-bad-appointment":
        # The time passed while the master was on the phone: pick another.
        await ctx.state.set_state(ApprovalSG.time)
        await _show_time(event, ctx, text)
    elif await ctx.state.get_state() == ApprovalSG.refuse.state:
        await _show_refuse(event, ctx, text)
    else:
        await _show_confirm(event, ctx, text)


def _hint(ctx: Ctx, card: OrderCard) -> dict[str, str]:
    """After a move back the old appointment stays as a hint: pre-select it if still ahead."""
    when = card.order.appointment_at
    if when is None:
        return {}
    local = (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(ctx.settings.shop.tz)
    if local <= ctx.now():
        return {}
    return {"ap_date": local.date().isoformat(), "ap_time": f"{local:%H:%M}"}


def _local(ctx: Ctx, day: str, hhmm: str) -> datetime:
    hour, minute = hhmm.split(":")
    moment = time(int(hour), int(minute))
    return datetime.combine(date.fromisoformat(day), moment, tzinfo=ctx.settings.shop.tz)


def _decision(value: str) -> Any:
    return PickCallback.filter((F.field == keyboards.DECISION) & (F.value == value))


def setup() -> Router:
    router = Router(name=__name__)
    cb = router.callback_query
    cb.register(
        enter,
        OrderCallback.filter((F.action == "act") & (F.stage == Stage.CLIENT_APPROVAL.value)),
    )
    cb.register(agreed, ApprovalSG.decision, _decision("yes"))
    cb.register(refused, ApprovalSG.decision, _decision("no"))
    cb.register(calendar_day, ApprovalSG.date, CalendarCallback.filter(F.action == DAY))
    cb.register(calendar_month, ApprovalSG.date, CalendarCallback.filter(F.action == MONTH))
    cb.register(calendar_noop, ApprovalSG.date, CalendarCallback.filter(F.action == NOOP))
    cb.register(quick_day, ApprovalSG.date, PickCallback.filter(F.field == keyboards.DAY))
    cb.register(slot_picked, ApprovalSG.time, PickCallback.filter(F.field == keyboards.AT))
    cb.register(book, ApprovalSG.confirm, _decision("book"))
    cb.register(reason_picked, ApprovalSG.refuse, PickCallback.filter(F.field == keyboards.REASON))
    cb.register(back, ApprovalSG.date, NavCallback.filter(F.action == "back"))
    cb.register(back, ApprovalSG.time, NavCallback.filter(F.action == "back"))
    cb.register(back, ApprovalSG.confirm, NavCallback.filter(F.action == "back"))
    cb.register(back, ApprovalSG.refuse, NavCallback.filter(F.action == "back"))
    router.message.register(date_typed, ApprovalSG.date)
    router.message.register(time_typed, ApprovalSG.time)
    router.message.register(reason_typed, ApprovalSG.refuse)
    router.message.register(use_buttons, ApprovalSG.decision)
    router.message.register(use_buttons, ApprovalSG.confirm)
    return router
