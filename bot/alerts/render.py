"""Alerts as chat messages: the order's header, what is due, the buttons that act on it."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from sqlalchemy.ext.asyncio import AsyncSession

from bot.alerts.callbacks import DeliveryAction, DeliveryCallback
from bot.alerts.notify import order_header
from bot.callbacks import OrderCallback
from bot.i18n import L10n
from bot.render.formatting import format_local_datetime
from bot.render.orders import act_label, car_label, quantity_text, stage_label
from services.alerts.alert import Alert, AlertKind
from services.alerts.digest import Digest
from services.normalize.phone_format import format_phone
from services.storage.models import Car, Client, Employee, Order, OrderPart, StageTask

Rendered = tuple[str, dict[str, Any] | None]
DELIVERY_ANSWERS = (
    (DeliveryAction.ON_TIME, "alert-delivery-btn-ok"),
    (DeliveryAction.NEW_DATE, "alert-delivery-btn-date"),
    (DeliveryAction.CANCEL, "alert-delivery-btn-cancel"),
)


async def render_alert(session: AsyncSession, l10n: L10n, alert: Alert, tz: ZoneInfo) -> Rendered:
    order = await session.get(Order, alert.order_id) if alert.order_id else None
    if order is None:
        raise LookupError(f"alert without an order: {alert}")
    car = await session.get(Car, order.car_id)
    master = await session.get(Employee, order.master_id) if order.master_id else None
    header = order_header(l10n, order.stage, order, car, master)  # type: ignore[arg-type]
    open_button = _button(
        l10n.raw("notice-btn-open"),
        OrderCallback(action="open", order_id=order.id, stage=order.stage).pack(),
    )
    if alert.kind is AlertKind.TASK_OVERDUE:
        body, row = await _overdue(session, l10n, alert, order, tz)
        return f"{header}\n{body}", _markup([[*row, open_button]])
    if alert.kind is AlertKind.DELIVERY_CHECK:
        assert car is not None
        return await _delivery(session, l10n, alert, order, car, open_button)
    body = await _reminder(session, l10n, alert, order, tz)
    return f"{header}\n{body}", _markup([[open_button]])


async def _overdue(
    session: AsyncSession, l10n: L10n, alert: Alert, order: Order, tz: ZoneInfo
) -> tuple[str, list[InlineKeyboardButton]]:
    """The overdue task's text, and its stage button for the person it is assigned to."""
    task = await session.get(StageTask, alert.task_id)
    assert task is not None
    who = await session.get(Employee, task.assignee_id) if task.assignee_id else None
    body = l10n(
        "alert-task-overdue",
        stage=stage_label(l10n, task.stage),
        who=who.full_name if who else l10n.raw(f"role-{task.role}"),
        deadline=format_local_datetime(task.deadline, tz, l10n.locale),
    )
    label = act_label(l10n, order.stage)
    if task.assignee_id == alert.employee_id and label:
        act = OrderCallback(action="act", order_id=order.id, stage=order.stage).pack()
        return body, [_button(label, act)]
    return body, []


async def _delivery(
    session: AsyncSession,
    l10n: L10n,
    alert: Alert,
    order: Order,
    car: Car,
    open_button: InlineKeyboardButton,
) -> Rendered:
    part = await session.get(OrderPart, alert.part_id)
    assert part is not None
    days = int(alert.extra.get("days", 0))
    body = l10n(
        "alert-delivery" if days >= 0 else "alert-delivery-late",
        days=abs(days),
        part=part.name,
        quantity=quantity_text(part.quantity),
        vendor=part.vendor or "—",
        order_no=part.vendor_order_no or "—",
        id=order.id,
        car=car_label(car),
    )
    answers = [
        _button(l10n.raw(key), DeliveryCallback(action=action, part_id=part.id).pack())
        for action, key in DELIVERY_ANSWERS
    ]
    return body, _markup([answers[:2], [answers[2], open_button]])


async def _reminder(
    session: AsyncSession, l10n: L10n, alert: Alert, order: Order, tz: ZoneInfo
) -> str:
    # Appointment reminders: the master sees the client's phone in full.
    client = await session.get(Client, order.client_id)
    phone = client.current_phone if client else None
    at = datetime.fromisoformat(alert.extra["at"])
    return l10n(
        "alert-reminder",
        soon="yes" if alert.kind is AlertKind.REMINDER_SOON else "no",
        at=format_local_datetime(at, tz, l10n.locale),
        client=(client.full_name if client else None) or "—",
        phone=format_phone(phone) if phone else "—",
        complaint=order.complaint or "—",
    )


def render_digest(l10n: L10n, digest: Digest) -> str:
    lines = [
        l10n("digest-title", day=digest.day.strftime("%d.%m")),
        l10n(
            "digest-yesterday",
            opened=digest.opened,
            closed=digest.closed,
            cancelled=digest.cancelled,
        ),
        l10n("digest-by-stage"),
    ]
    lines += [f" · {stage_label(l10n, s)}: {n}" for s, n in digest.by_stage.items()] or [" · —"]
    lines.append(l10n("digest-overdue"))
    lines += [
        f" · {name or l10n.raw('overdue-not-taken')}: {n}"
        for name, n in digest.overdue_by_person.items()
    ] or [" · —"]
    lines.append(l10n("digest-late"))
    lines += [f" · {vendor}: {n}" for vendor, n in digest.late_by_vendor.items()] or [" · —"]
    return "\n".join(lines)


def _button(text: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data)


def _markup(rows: list[list[InlineKeyboardButton]]) -> dict[str, Any]:
    markup = InlineKeyboardMarkup(inline_keyboard=rows)
    return markup.model_dump(mode="json", exclude_none=True)
