"""Delivers what a use case asks to tell people: a new message per notice, in the recipient's
language, with the order's one-line header and the buttons that act on it.

Rendered messages go into the persisted notification queue (staged in a use case's own
transaction, or queued and committed by `services.alerts.telling`) and the sender takes them
from there: in `stobot run` a background loop paced to Telegram's limits; in tests and the demo
an inline sender that sends them before the handler returns, so what each person sees is in
the fake Bot at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

import structlog
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from sqlalchemy import Select, bindparam, inspect, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased
from sqlalchemy.orm.util import identity_key

from bot.alerts.sender import Sender
from bot.callbacks import OrderCallback, TaskCallback
from bot.i18n import L10n, Translator
from bot.render.formatting import format_local_datetime
from bot.render.orders import (
    act_label,
    car_label,
    quantity_text,
    send_back_text,
    stage_label,
    stage_title,
)
from services.alerts import queue
from services.alerts.telling import queue_messages
from services.clock import Clock, system_clock
from services.orders.notices import Notice, NoticeKind
from services.staff.directory import members_of
from services.staff.roster import StaffMember
from services.storage.models import Car, Employee, Order, OrderPart, StageTask

log = structlog.get_logger(__name__)


# Built once: building these statements cost several times what running them did (a new
# order's notices read them on every save).
_IDS = bindparam("ids", expanding=True)
_MASTER = aliased(Employee)
_ORDER_FACTS = (
    select(
        Order.id,
        Order.stage,
        Order.cancel_reason,
        Car.make,
        Car.model,
        Car.plate,
        Car.vin,
        _MASTER.full_name,
    )
    .join(Car, Car.id == Order.car_id)
    .outerjoin(_MASTER, _MASTER.id == Order.master_id)
    .where(Order.id.in_(_IDS))
)
_BY_ID: dict[type, Select[Any]] = {
    model: select(model).where(model.id.in_(_IDS)) for model in (StageTask, OrderPart)
}


class _Queued(NamedTuple):
    id: int
    employee_id: int | None


class Notifier:
    def __init__(
        self,
        sender: Sender,
        session: AsyncSession,
        translator: Translator,
        tz: ZoneInfo,
        clock: Clock = system_clock,
    ) -> None:
        self.sender = sender
        self.session = session
        self.translator = translator
        self.tz = tz
        self.clock = clock
        # Queued by `stage` in a use case's transaction, waiting for `deliver` after its commit.
        self._staged: dict[Notice, _Queued | None] = {}

    async def stage(self, notices: Sequence[Notice]) -> None:
        """Queue the notices in the session's open transaction (a use case's, before its commit:
        `services.orders.notices.NoticeQueue`); `deliver` then only hands them to the sender."""
        outgoing = await self._render(notices)
        ids = await queue.enqueue_many(self.session, list(outgoing.values()), self.clock())
        self._staged.update(_queued(notices, outgoing, ids))

    async def deliver(self, notices: Sequence[Notice]) -> int:
        """Queue every notice not staged yet (committed), and hand them all to the sender;
        returns how many were queued. A person who blocked the bot does not stop the others
        from being told (the sender sees to it)."""
        if not notices:
            return 0
        rest = [n for n in notices if n not in self._staged]
        staged = [self._staged.pop(n) for n in notices if n in self._staged]
        rows = [row for row in staged if row is not None]
        outgoing = await self._render(rest)
        ids = await queue_messages(self.session, list(outgoing.values()), self.clock())
        rows += [row for row in _queued(rest, outgoing, ids).values() if row is not None]
        if not rows:
            return 0
        # One line per delivery: a new order tells every supplier, and a line per message was
        # a quarter of what queueing them cost.
        log.info(
            "notices.queued",
            count=len(rows),
            employee_ids=[row.employee_id for row in rows],
            kinds=sorted({notice.kind.value for notice in notices}),
        )
        await self.sender.queued([row.id for row in rows])
        return len(rows)

    async def _render(self, notices: Sequence[Notice]) -> dict[Notice, queue.Outgoing]:
        """The message for each notice that has someone to tell."""
        if not notices:
            return {}
        people = await members_of(
            self.session, {n.employee_id for n in notices} | _ids(notices, "by_id")
        )
        orders = await self._orders({n.order_id for n in notices})
        tasks = await self._by_id(StageTask, _ids(notices, "task_id"))
        parts = await self._by_id(OrderPart, _ids(notices, "part_id"))
        outgoing: dict[Notice, queue.Outgoing] = {}
        # A new order tells every supplier the same thing: rendered once per language.
        rendered: dict[tuple[str, Notice], tuple[str, dict[str, Any]]] = {}
        for notice in notices:
            person = people.get(notice.employee_id)
            order = orders.get(notice.order_id)
            if person is None or not person.is_active or order is None:
                continue
            l10n = self.translator.get(person.locale)
            same = (l10n.locale, replace(notice, employee_id=0))
            if same not in rendered:
                header = header_lines(l10n, notice.stage, order.id, order.car, order.master_name)
                by = people.get(notice.by_id) if notice.by_id else None
                body = self._what(l10n, notice, order, tasks, parts, by)
                if notice.send_back is not None:
                    # Whoever redoes a stage sent back is told why, and by whom, with the task.
                    body += "\n" + send_back_text(l10n, notice.send_back)
                markup = self._buttons(l10n, notice, order, tasks)
                rendered[same] = (
                    f"{header}\n{body}",
                    markup.model_dump(mode="json", exclude_none=True),
                )
            text, markup_json = rendered[same]
            outgoing[notice] = queue.Outgoing(person.telegram_id, text, person.id, markup_json)
        return outgoing

    def _what(
        self,
        l10n: L10n,
        notice: Notice,
        order: _OrderFacts,
        tasks: dict[int, StageTask],
        parts: dict[int, OrderPart],
        by: StaffMember | None,
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
            part = parts[notice.part_id]
            # As the receipt left it: "1 из 2" is a partial delivery, "2 из 2" the whole part.
            return l10n(
                "notice-part_received",
                part=part.name,
                got=quantity_text(part.received_quantity),
                of=quantity_text(part.quantity),
            )
        if notice.kind == NoticeKind.ORDER_CANCELLED:
            return l10n("notice-order_cancelled", reason=order.cancel_reason or "—")
        return l10n(
            f"notice-{notice.kind.value}",
            stage=stage_label(l10n, notice.stage),
            name=by_name,
        )

    def _buttons(
        self, l10n: L10n, notice: Notice, order: _OrderFacts, tasks: dict[int, StageTask]
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
                label = act_label(l10n, order.stage)
                if label:
                    row.insert(0, InlineKeyboardButton(text=label, callback_data=act))
        return InlineKeyboardMarkup(inline_keyboard=[row])

    async def _orders(self, ids: set[int]) -> dict[int, _OrderFacts]:
        """The order with its car and master in one statement (Order objects would also load
        their parts and works, and the car and master would be two more); none when the
        session holds all three (a new order: the save has them all at hand)."""
        known = self._known_orders(ids)
        if known is not None:
            return known
        rows = await self.session.execute(_ORDER_FACTS, {"ids": list(ids)})
        return {
            row[0]: _OrderFacts(row[0], row[1], row[2], car_label(_CarNames(*row[3:7])), row[7])
            for row in rows
        }

    def _known_orders(self, ids: set[int]) -> dict[int, _OrderFacts] | None:
        facts: dict[int, _OrderFacts] = {}
        for order_id in ids:
            order = self._in_session(Order, order_id)
            car = self._in_session(Car, order.car_id) if isinstance(order, Order) else None
            if not isinstance(order, Order) or not isinstance(car, Car):
                return None
            master = None
            if order.master_id is not None:
                master = self._in_session(Employee, order.master_id)
                if not isinstance(master, Employee):
                    return None
            name = master.full_name if master is not None else None
            facts[order_id] = _OrderFacts(
                order.id, order.stage, order.cancel_reason, car_label(car), name
            )
        return facts

    async def _by_id(self, model: type, ids: set[int]) -> dict[int, object]:  # type: ignore[type-arg]
        if not ids:
            return {}
        known = {i: self._in_session(model, i) for i in ids}
        if all(row is not None for row in known.values()):
            return known
        rows = await self.session.scalars(_BY_ID[model], {"ids": list(ids)})
        return {row.id: row for row in rows}

    def _in_session(self, model: type, row_id: int) -> object | None:  # type: ignore[type-arg]
        """The row as this session holds it, without a round trip; None if it does not (or
        holds it expired)."""
        found = self.session.sync_session.identity_map.get(identity_key(model, row_id))
        if found is None or inspect(found).expired_attributes:
            return None
        return found


def order_header(l10n: L10n, stage: str, order: Order, car: Car, master: Employee | None) -> str:
    """ "💰 Калькуляция запчастей · № 1024" and the car and master line."""
    return header_lines(l10n, stage, order.id, car_label(car), master.full_name if master else None)


def header_lines(l10n: L10n, stage: str, order_id: int, car: str, master_name: str | None) -> str:
    return "\n".join(
        [
            f"<b>{stage_title(l10n, stage, order_id)}</b>",
            l10n("notice-car-line", car=car, master=master_name or "—"),
        ]
    )


class _CarNames(NamedTuple):
    """What `car_label` reads of a car."""

    make: str | None
    model: str | None
    plate: str | None
    vin: str | None


class _OrderFacts(NamedTuple):
    id: int
    stage: str
    cancel_reason: str | None
    car: str  # car_label
    master_name: str | None


def _queued(
    notices: Sequence[Notice], outgoing: dict[Notice, queue.Outgoing], ids: Sequence[int]
) -> dict[Notice, _Queued | None]:
    """Each notice's queued row (None: nobody to tell); `ids` as queued, in `outgoing`'s order."""
    queued: dict[Notice, _Queued | None] = dict.fromkeys(notices)
    for (notice, message), row_id in zip(outgoing.items(), ids, strict=True):
        queued[notice] = _Queued(row_id, message.employee_id)
    return queued


def _ids(notices: Sequence[Notice], attr: str) -> set[int]:
    return {value for n in notices if (value := getattr(n, attr)) is not None}
