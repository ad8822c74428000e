"""The supplier's answers to a delivery check: «Приедет вовремя», «Новая дата», «Отменить у
поставщика». Thin: parse, call `DeliveryAnswers`, reply."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.alerts.callbacks import DeliveryAction, DeliveryCallback
from bot.alerts.notify import Notifier
from bot.filters import HasRole
from bot.i18n import L10n
from bot.settings import Settings
from services.alerts.answers import DeliveryAnswers
from services.audit.refusals import refuse_access
from services.clock import Clock
from services.errors import DomainError
from services.normalize.dates import format_date, parse_date
from services.staff.roles import Role
from services.storage.models import Employee


class DeliveryDateSG(StatesGroup):
    waiting = State()


async def on_time(
    query: CallbackQuery,
    callback_data: DeliveryCallback,
    session: AsyncSession,
    clock: Clock,
    employee: Employee,
    l10n: L10n,
) -> None:
    try:
        part = await DeliveryAnswers(session, clock).on_time(employee, callback_data.part_id)
    except DomainError as error:
        await query.answer(l10n.raw(error.key, **error.params), show_alert=True)
        return
    await _done(query, l10n("alert-delivery-on-time", part=part.name))


async def ask_date(
    query: CallbackQuery,
    callback_data: DeliveryCallback,
    session: AsyncSession,
    clock: Clock,
    state: FSMContext,
    l10n: L10n,
) -> None:
    try:
        part = await DeliveryAnswers(session, clock).awaited_part(callback_data.part_id)
    except DomainError as error:
        await query.answer(l10n.raw(error.key, **error.params), show_alert=True)
        return
    await state.set_state(DeliveryDateSG.waiting)
    await state.update_data(delivery_part_id=part.id)
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer(l10n("alert-delivery-ask-date", part=part.name))


async def new_date(
    message: Message,
    session: AsyncSession,
    clock: Clock,
    state: FSMContext,
    settings: Settings,
    notifier: Notifier,
    employee: Employee,
    l10n: L10n,
) -> None:
    part_id = (await state.get_data()).get("delivery_part_id")
    # The receiving task's deadline follows the new date, to the end of the shop's day.
    answers = DeliveryAnswers(session, clock, hours=settings.alerts.work_hours(settings.shop.tz))
    try:
        expected = parse_date(message.text or "", clock().astimezone(settings.shop.tz).date())
        result = await answers.new_date(employee, int(part_id or 0), expected)
    except DomainError as error:
        await message.answer(l10n(error.key, **error.params))
        if error.key == "validation-date":
            return  # asked again; the rest end the question
        await state.clear()
        return
    await state.clear()
    part = next(p for p in result.order.parts if p.id == int(part_id or 0))
    await message.answer(
        l10n("alert-delivery-new-date", part=part.name, date=format_date(expected, l10n.locale))
    )
    await notifier.deliver(result.notices)


async def cancel_at_vendor(
    query: CallbackQuery,
    callback_data: DeliveryCallback,
    session: AsyncSession,
    clock: Clock,
    notifier: Notifier,
    employee: Employee,
    l10n: L10n,
) -> None:
    answers = DeliveryAnswers(session, clock)
    try:
        part = await answers.awaited_part(callback_data.part_id)
        name = part.name
        reason = l10n.raw("alert-delivery-cancel-reason", part=name)
        result = await answers.cancel_at_vendor(employee, callback_data.part_id, reason)
    except DomainError as error:
        await query.answer(l10n.raw(error.key, **error.params), show_alert=True)
        return
    await _done(query, l10n("alert-delivery-cancelled", part=name, id=result.order.id))
    await notifier.deliver(result.notices)


async def _done(query: CallbackQuery, text: str) -> None:
    """The alert keeps its text; its buttons go, and the answer is a new message."""
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
        await query.message.answer(text)


async def refuse(
    query: CallbackQuery,
    callback_data: DeliveryCallback,
    session: AsyncSession,
    employee: Employee,
    l10n: L10n,
) -> None:
    """A delivery answer from someone who is not a supplier: forged, refused and audited."""
    await refuse_access(
        session,
        employee,
        f"delivery.{callback_data.action.value}",
        entity_type="order_part",
        entity_id=callback_data.part_id,
    )
    await query.answer(l10n.raw("error-forbidden"), show_alert=True)


def setup() -> Router:
    outer = Router(name=__name__)
    outer.callback_query.register(refuse, DeliveryCallback.filter(), ~HasRole(Role.SUPPLIER))
    router = Router(name=f"{__name__}.supplier")
    outer.include_router(router)
    router.callback_query.filter(HasRole(Role.SUPPLIER))
    on = DeliveryCallback.filter
    router.callback_query.register(on_time, on(F.action == DeliveryAction.ON_TIME))
    router.callback_query.register(ask_date, on(F.action == DeliveryAction.NEW_DATE))
    router.callback_query.register(cancel_at_vendor, on(F.action == DeliveryAction.CANCEL))
    router.message.register(new_date, StateFilter(DeliveryDateSG.waiting), F.text)
    return outer
