"""The supplier's answers to a delivery check: «Приедет вовремя», «Новая дата», «Отменить у
поставщика». Thin: parse, call `services.alerts.answers` with the update's unit of work, reply.
The new date is asked for by a dialog (dialogs/delivery_date); the other two are one tap."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager
from sqlalchemy.ext.asyncio import AsyncSession

from bot.alerts.callbacks import DeliveryAction, DeliveryCallback
from bot.alerts.notify import Notifier
from bot.filters import HasRole
from bot.i18n import L10n
from dialogs.delivery_date import handlers as delivery_date
from services.alerts import answers
from services.audit.refusals import refuse_access
from services.errors import DomainError
from services.orders import OrderWork
from services.staff.roles import Role
from services.storage.models import Employee


async def on_time(
    query: CallbackQuery,
    callback_data: DeliveryCallback,
    order_work: OrderWork,
    employee: Employee,
    l10n: L10n,
) -> None:
    try:
        part = await answers.on_time(order_work, employee, callback_data.part_id)
    except DomainError as error:
        await query.answer(l10n.raw(error.key, **error.params), show_alert=True)
        return
    await _done(query, l10n("alert-delivery-on-time", part=part.name))


async def ask_date(
    query: CallbackQuery,
    callback_data: DeliveryCallback,
    order_work: OrderWork,
    dialog_manager: DialogManager,
    l10n: L10n,
) -> None:
    try:
        part = await answers.awaited_part(order_work, callback_data.part_id)
    except DomainError as error:
        await query.answer(l10n.raw(error.key, **error.params), show_alert=True)
        return
    await query.answer()
    await delivery_date.start(dialog_manager, part.id, part.name)


async def cancel_at_vendor(
    query: CallbackQuery,
    callback_data: DeliveryCallback,
    order_work: OrderWork,
    notifier: Notifier,
    employee: Employee,
    l10n: L10n,
) -> None:
    try:
        part = await answers.awaited_part(order_work, callback_data.part_id)
        name = part.name
        reason = l10n.raw("alert-delivery-cancel-reason", part=name)
        result = await answers.cancel_at_vendor(order_work, employee, callback_data.part_id, reason)
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
    return outer
