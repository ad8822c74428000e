"""The director hands an open stage task to another employee holding its role."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.alerts.notify import Notifier
from bot.callbacks import ReassignCallback, TaskAction, TaskCallback
from bot.filters import HasRole
from bot.i18n import L10n
from bot.render.errors import error_text
from services.errors import DomainError
from services.orders import OrderWork
from services.orders.use_cases import reassign_task
from services.staff.roles import Role
from services.staff.service import StaffService
from services.storage.models import Employee, StageTask


async def pick_employee(
    query: CallbackQuery, callback_data: TaskCallback, session: AsyncSession, l10n: L10n
) -> None:
    task = await session.get(StageTask, callback_data.task_id)
    if task is None or task.status != "open":
        await query.answer(l10n("task-error-closed"), show_alert=True)
        return
    people = await StaffService(session).active_with_role(Role(task.role))
    rows = [
        [
            InlineKeyboardButton(
                text=("✅ " if person.id == task.assignee_id else "") + person.full_name[:60],
                callback_data=ReassignCallback(task_id=task.id, employee_id=person.id).pack(),
            )
        ]
        for person in people
    ]
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer(
            l10n("reassign-pick", order_id=task.order_id, role=l10n.raw(f"role-{task.role}")),
            reply_markup=InlineKeyboardMarkup(inline_keyboard=rows),
        )


async def reassign(
    query: CallbackQuery,
    callback_data: ReassignCallback,
    order_work: OrderWork,
    notifier: Notifier,
    employee: Employee,
    l10n: L10n,
) -> None:
    try:
        result = await reassign_task(
            order_work, employee, callback_data.task_id, callback_data.employee_id
        )
    except DomainError as error:
        await query.answer(error_text(l10n, error), show_alert=True)
        return
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_text(
            l10n("reassign-done", order_id=result.order.id), reply_markup=None
        )
    await notifier.deliver(result.notices)


def setup() -> Router:
    router = Router(name=__name__)
    router.callback_query.filter(HasRole(Role.DIRECTOR))
    router.callback_query.register(
        pick_employee, TaskCallback.filter(F.action == TaskAction.REASSIGN)
    )
    router.callback_query.register(reassign, ReassignCallback.filter())
    return router
