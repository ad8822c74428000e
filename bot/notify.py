"""Delivers what a use case asks to tell people: a new message per notice, in the recipient's
language, with the order's one-line header and the buttons that act on it."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

import structlog
from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import OrderCallback, TaskCallback
from bot.formatting import format_local_datetime
from bot.i18n import L10n, Translator
from bot.render.orders import car_label, stage_label, stage_title
from services.orders.notices import Notice, NoticeKind
from services.storage.models import Car, Employee, Order, OrderPart, StageTask

log = structlog.get_logger(__name__)


class Notifier:
    def __init__(
        self, bot: Bot, session: AsyncSession, translator: Translator, tz: ZoneInfo
    ) -> None:
        self.bot = bot
        self.session = session
        self.translator = translator
        self.tz = tz

    async def deliver(self, notices: Sequence[Notice]) -> int:
        """Send every notice; returns how many went out. A person who blocked the bot does not
        stop the others from being told."""
        if not notices:
            return 0
        people = await self._by_id(
            Employee, {n.employee_id for n in notices} | _ids(notices, "by_id")
        )
        orders = await self._by_id(Order, {n.order_id for n in notices})
        cars = await self._by_id(Car, {o.car_id for o in orders.values()})
        masters = await self._by_id(Employee, {o.master_id for o in orders.values() if o.master_id})
        tasks = await self._by_id(StageTask, _ids(notices, "task_id"))
        parts = await self._by_id(OrderPart, _ids(notices, "part_id"))
        sent = 0
        for notice in notices:
            person = people.get(notice.employee_id)
            order = orders.get(notice.order_id)
            if person is None or not person.is_active or order is None:
                continue
            l10n = self.translator.get(person.locale)
            master = masters.get(order.master_id) if order.master_id else None
            header = "\n".join(
                [
                    f"<b>{stage_title(l10n, notice.stage, order.id)}</b>",
                    l10n(
                        "notice-car-line",
                        car=car_label(cars[order.car_id]),
                        master=master.full_name if master else "—",
                    ),
                ]
            )
            by = people.get(notice.by_id) if notice.by_id else None
            body = self._body(l10n, notice, order, tasks, parts, by)
            markup = self._buttons(l10n, notice, order, tasks)
            try:
                await self.bot.send_message(
                    person.telegram_id, f"{header}\n{body}", reply_markup=markup
                )
                sent += 1
            except TelegramAPIError as error:
                log.warning(
                    "notice.failed", employee_id=person.id, kind=notice.kind, error=str(error)
                )
        return sent

    def _body(
        self,
        l10n: L10n,
        notice: Notice,
        order: Order,
        tasks: dict[int, StageTask],
        parts: dict[int, OrderPart],
        by: Employee | None,
    ) -> str:
        task = tasks.get(notice.task_id) if notice.task_id else None
        by_name = by.full_name if by else "—"
        if notice.kind == NoticeKind.TASK_NEW and task is not None:
            return l10n(
                "notice-task_new",
                deadline=format_local_datetime(task.deadline, self.tz, l10n.locale),
                overdue="yes" if task.overdue else "no",
            )
        if notice.kind == NoticeKind.PART_RECEIVED and notice.part_id in parts:
            return l10n("notice-part_received", part=parts[notice.part_id].name)
        if notice.kind == NoticeKind.ORDER_CANCELLED:
            return l10n("notice-order_cancelled", reason=order.cancel_reason or "—")
        return l10n(
            f"notice-{notice.kind.value}",
            stage=stage_label(l10n, notice.stage),
            name=by_name,
        )

    def _buttons(
        self, l10n: L10n, notice: Notice, order: Order, tasks: dict[int, StageTask]
    ) -> InlineKeyboardMarkup:
        open_button = InlineKeyboardButton(
            text=l10n.raw("notice-btn-open"),
            callback_data=OrderCallback(action="open", order_id=order.id, stage=order.stage).pack(),
        )
        row = [open_button]
        task = tasks.get(notice.task_id) if notice.task_id else None
        if notice.kind == NoticeKind.TASK_NEW and task is not None:
            if task.assignee_id is None:
                action = TaskCallback(action="take", task_id=task.id).pack()
                row.insert(
                    0, InlineKeyboardButton(text=l10n.raw("notice-btn-take"), callback_data=action)
                )
            else:
                # Already theirs: one tap straight into the stage's work.
                act = OrderCallback(action="act", order_id=order.id, stage=order.stage).pack()
                row.insert(
                    0, InlineKeyboardButton(text=l10n.raw("card-btn-act"), callback_data=act)
                )
        return InlineKeyboardMarkup(inline_keyboard=[row])

    async def _by_id(self, model: type, ids: set[int]) -> dict[int, object]:  # type: ignore[type-arg]
        if not ids:
            return {}
        rows = await self.session.scalars(select(model).where(model.id.in_(ids)))  # type: ignore[attr-defined]
        return {row.id: row for row in rows}


def _ids(notices: Sequence[Notice], attr: str) -> set[int]:
    return {value for n in notices if (value := getattr(n, attr)) is not None}
