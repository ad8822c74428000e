"""«Беру»: the first of the people a task was offered to takes it; the others are told."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.alerts.notify import Notifier
from bot.callbacks import OrderAction, OrderCallback, TaskAction, TaskCallback
from bot.i18n import L10n
from bot.render.errors import error_text
from bot.render.orders import act_label
from services.errors import DomainError
from services.orders import OrderWork
from services.orders.use_cases import claim_task
from services.storage.models import Employee


async def take_task(
    query: CallbackQuery,
    callback_data: TaskCallback,
    order_work: OrderWork,
    notifier: Notifier,
    employee: Employee,
    l10n: L10n,
) -> None:
    try:
        result = await claim_task(order_work, employee, callback_data.task_id)
    except DomainError as error:
        await query.answer(error_text(l10n, error), show_alert=True)
        return
    order = result.order
    await query.answer(l10n.raw("task-taken-by-you"))
    if isinstance(query.message, Message):
        # The notification stays; only its buttons change from «Беру» to the work itself.
        act = OrderCallback(action=OrderAction.ACT, order_id=order.id, stage=order.stage)
        open_ = OrderCallback(action=OrderAction.OPEN, order_id=order.id, stage=order.stage)
        row = [InlineKeyboardButton(text=l10n.raw("notice-btn-open"), callback_data=open_.pack())]
        label = act_label(l10n, order.stage)
        if label:
            row.insert(0, InlineKeyboardButton(text=label, callback_data=act.pack()))
        markup = InlineKeyboardMarkup(inline_keyboard=[row])
        await query.message.edit_reply_markup(reply_markup=markup)
    await notifier.deliver(result.notices)


def setup() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(take_task, TaskCallback.filter(F.action == TaskAction.TAKE))
    return router
