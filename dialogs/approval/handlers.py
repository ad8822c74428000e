"""Client approval (master): the estimate with the phone → agreed: day, time, book; or refused."""

from __future__ import annotations

from datetime import UTC, date, time, timedelta

from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, ManagedCalendar, Select

from bot.callbacks import OrderCallback
from dialogs.approval import render
from dialogs.approval.calendar import ShopCalendar
from dialogs.approval.data import CALENDAR_DAYS_AHEAD, MAX_REASON, REASONS, Approval
from dialogs.approval.states import ApprovalSG
from dialogs.kit.close import close
from dialogs.kit.feedback import warning
from dialogs.kit.stage import Deps, begin, keep, open_data, refused, start
from services.errors import DomainError
from services.normalize import NormalizeError, parse_date, parse_time
from services.orders import OrderCard
from services.orders.use_cases import client_refused, record_client_approval

CALENDAR = "wc"  # the calendar's widget id


# Entry and step 1.


async def enter(
    query: CallbackQuery,
    callback_data: OrderCallback,
    state: FSMContext,
    dialog_manager: DialogManager,
) -> None:
    data = Approval(order_id=callback_data.order_id, stage=callback_data.stage)
    kept = open_data(dialog_manager, ApprovalSG.decision)
    if kept and kept["order_id"] == data.order_id:
        # Coming back to the same order keeps the day and time already picked.
        old = Approval.model_validate(kept)
        data.day, data.at = old.day, old.at
    else:
        deps = Deps(dialog_manager)
        card = await deps.card(data.order_id)  # read once: the hint and the first screen
        _hint(deps, card, data)
    await start(dialog_manager, state, ApprovalSG.decision, data)


def _hint(deps: Deps, card: OrderCard, data: Approval) -> None:
    """After a move back the old appointment stays as a hint: pre-select it if still ahead."""
    when = card.order.appointment_at
    if when is None:
        return
    local = (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(deps.settings.shop.tz)
    if local > deps.now():
        data.day, data.at = local.date(), f"{local:%H:%M}"


async def agreed(query: CallbackQuery, button: Button, manager: DialogManager) -> None:
    await _go(manager, ApprovalSG.date)


async def refused_by_client(query: CallbackQuery, button: Button, manager: DialogManager) -> None:
    await _go(manager, ApprovalSG.refuse)


# Step 2: the day.


async def calendar_day(
    query: CallbackQuery, widget: ManagedCalendar, manager: DialogManager, day: date
) -> None:
    await _day_chosen(manager, day)


async def quick_day(
    query: CallbackQuery, widget: Select[str], manager: DialogManager, value: str
) -> None:
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return  # a forged button: the screen is drawn again
    await _day_chosen(manager, day)


async def date_typed(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    deps, data = begin(manager, Approval)
    try:
        day = parse_date(message.text or "", deps.today())
    except NormalizeError as error:
        data.note = warning(deps.l10n(error.key, **error.params))
        keep(manager, data)
        return
    await _day_chosen(manager, day)


async def _day_chosen(manager: DialogManager, day: date) -> None:
    deps, data = begin(manager, Approval)
    today = deps.today()
    if not today <= day <= today + timedelta(days=CALENDAR_DAYS_AHEAD):
        data.note = warning(deps.l10n("approval-error-day"))
        keep(manager, data)
        return
    data.day = day
    calendar = manager.find(CALENDAR)
    assert calendar is not None and isinstance(calendar.widget, ShopCalendar)
    calendar.widget.show_month_of(day, manager)
    keep(manager, data)
    await manager.switch_to(ApprovalSG.time)


# Step 3: the time.


async def slot_picked(
    query: CallbackQuery, widget: Select[str], manager: DialogManager, value: str
) -> None:
    try:
        moment = parse_time(f"{value[:2]}:{value[2:]}")
    except NormalizeError:
        return  # a forged button: the screen is drawn again
    await _time_chosen(manager, moment)


async def time_typed(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    deps, data = begin(manager, Approval)
    try:
        moment = parse_time(message.text or "")
    except NormalizeError as error:
        data.note = warning(deps.l10n(error.key, **error.params))
        keep(manager, data)
        return
    await _time_chosen(manager, moment)


async def _time_chosen(manager: DialogManager, moment: time) -> None:
    deps, data = begin(manager, Approval)
    if data.when(deps.settings.shop.tz, moment) <= deps.now():
        data.note = warning(deps.l10n("approval-error-past"))
        keep(manager, data)
        return
    data.at = f"{moment:%H:%M}"
    keep(manager, data)
    await manager.switch_to(ApprovalSG.confirm)


# Step 4: book.


async def book(query: CallbackQuery, button: Button, manager: DialogManager) -> None:
    deps, data = begin(manager, Approval)
    when = data.when(deps.settings.shop.tz)
    try:
        result = await record_client_approval(
            deps.work,
            deps.employee,
            data.order_id,
            appointment_at=when.astimezone(UTC),
            seen_stage=data.stage,
        )
    except DomainError as error:
        await _refused_by_service(manager, data, error)
        return
    label = render.local_label(when, deps.l10n)
    text = render.booked_text(deps.l10n, data.order_id, label, result.order.stage)
    await close(manager, ApprovalSG.closed, text)
    await deps.notifier.deliver(result.notices)


# The client said no.


async def reason_picked(
    query: CallbackQuery, widget: Select[str], manager: DialogManager, value: str
) -> None:
    key = REASONS.get(value)
    await _cancel(manager, Deps(manager).l10n.raw(key) if key else "")


async def reason_typed(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    await _cancel(manager, " ".join((message.text or "").split()))


async def _cancel(manager: DialogManager, reason: str) -> None:
    deps, data = begin(manager, Approval)
    l10n = deps.l10n
    if not reason:
        data.note = warning(l10n("approval-error-reason-required"))
    elif len(reason) > MAX_REASON:
        data.note = warning(
            l10n("approval-error-reason-long", limit=MAX_REASON, length=len(reason))
        )
    if data.note:
        keep(manager, data)
        return
    try:
        result = await client_refused(
            deps.work, deps.employee, data.order_id, reason=reason, seen_stage=data.stage
        )
    except DomainError as error:
        await _refused_by_service(manager, data, error)
        return
    text = l10n("approval-cancelled", order_id=data.order_id, reason=reason)
    await close(manager, ApprovalSG.closed, text)
    await deps.notifier.deliver(result.notices)


# Navigation and stray input.

_BACK = {
    ApprovalSG.date: ApprovalSG.decision,
    ApprovalSG.time: ApprovalSG.date,
    ApprovalSG.confirm: ApprovalSG.time,
    ApprovalSG.refuse: ApprovalSG.decision,
}


async def back(query: CallbackQuery, button: Button, manager: DialogManager) -> None:
    await _go(manager, _BACK.get(manager.current_context().state, ApprovalSG.decision))


async def cancel(query: CallbackQuery, button: Button, manager: DialogManager) -> None:
    await close(manager, ApprovalSG.closed, Deps(manager).l10n("dialog-cancelled"))


async def use_buttons(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    deps, data = begin(manager, Approval)
    data.note = warning(deps.l10n("approval-error-use-buttons"))
    keep(manager, data)


async def _go(manager: DialogManager, window: State) -> None:
    _, data = begin(manager, Approval)
    keep(manager, data)
    await manager.switch_to(window)


async def _refused_by_service(manager: DialogManager, data: Approval, error: DomainError) -> None:
    if await refused(manager, ApprovalSG.closed, data, error):
        return
    keep(manager, data)
    if error.key == "order-error-bad-appointment":
        # The time passed while the master was on the phone: pick another.
        await manager.switch_to(ApprovalSG.time)
