"""The head's «⏰ Просрочки»: the shop's overdue tasks, by person, each opening its order."""

from __future__ import annotations

import html

from aiogram import Router
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import OrderAction, OrderCallback
from bot.filters import HasRole, MenuButton
from bot.i18n import L10n
from bot.middlewares.reads import READS_ONLY
from bot.render import telegram_html
from bot.render.formatting import format_local_datetime
from bot.render.orders import stage_label
from bot.settings import Settings
from services.alerts.digest import OverdueTask, overdue_tasks
from services.clock import Clock
from services.staff.roles import Role
from services.storage.models import Order

TEXT_LIMIT = 4096  # Telegram's, in characters as shown

MAX_BUTTONS = 30


async def show(
    message: Message, session: AsyncSession, clock: Clock, settings: Settings, l10n: L10n
) -> None:
    tasks = await overdue_tasks(session, clock())
    if not tasks:
        await message.answer(l10n("overdue-empty"))
        return
    await message.answer(render(l10n, tasks, settings), reply_markup=await _buttons(session, tasks))


def render(l10n: L10n, tasks: list[OverdueTask], settings: Settings) -> str:
    lines = [l10n("overdue-title")]
    person: str | None = "\0"
    for task in tasks:
        if task.assignee != person:
            person = task.assignee
            who = person or f"{l10n.raw('overdue-not-taken')} ({l10n.raw(f'role-{task.role}')})"
            count = sum(1 for t in tasks if t.assignee == person)
            lines.append(f"\n<b>{html.escape(who, quote=False)}</b> — {count}")
        deadline = format_local_datetime(task.deadline, settings.shop.tz, l10n.locale)
        lines.append(
            " · "
            + l10n(
                "overdue-line",
                id=task.order_id,
                stage=stage_label(l10n, task.stage),
                deadline=deadline,
            )
        )
    return telegram_html.cut("\n".join(lines), TEXT_LIMIT)


async def _buttons(session: AsyncSession, tasks: list[OverdueTask]) -> InlineKeyboardMarkup:
    buttons = []
    for order_id in list(dict.fromkeys(t.order_id for t in tasks))[:MAX_BUTTONS]:
        order = await session.get(Order, order_id)
        stage = order.stage if order else ""
        data = OrderCallback(action=OrderAction.OPEN, order_id=order_id, stage=stage).pack()
        buttons.append(InlineKeyboardButton(text=f"№ {order_id}", callback_data=data))
    rows = [buttons[i : i + 4] for i in range(0, len(buttons), 4)]
    return InlineKeyboardMarkup(inline_keyboard=rows)


def setup() -> Router:
    router = Router(name=__name__)
    router.message.register(show, MenuButton("menu-overdue"), HasRole(Role.HEAD), flags=READS_ONLY)
    return router
