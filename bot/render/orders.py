"""How orders look in chats: the one-line header, list buttons and the order card."""

from __future__ import annotations

import html
from datetime import datetime
from zoneinfo import ZoneInfo

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import OrderCallback, TaskCallback
from bot.i18n import L10n
from bot.render.formatting import format_local_datetime
from services.normalize import format_money, format_quantity
from services.orders.pipeline import Action, actions, has_stage_work
from services.orders.send_back import SendBack
from services.orders.stages import Stage
from services.orders.views import OrderCard
from services.storage.models import Car, OrderPart

STAGE_ICONS = {
    Stage.NEW: "🆕",
    Stage.PARTS_PRICING: "💰",
    Stage.LABOUR_PRICING: "🔧",
    Stage.CLIENT_APPROVAL: "📞",
    Stage.PARTS_PURCHASE: "🛒",
    Stage.AWAITING_DELIVERY: "🚚",
    Stage.PRE_ISSUE_CHECK: "🔍",
    Stage.DONE: "🏁",
    Stage.CANCELLED: "❌",
}


def stage_label(l10n: L10n, stage: str) -> str:
    return l10n.raw(f"stage-{stage}")


def stage_title(l10n: L10n, stage: str, order_id: int) -> str:
    """ "💰 Калькуляция запчастей · № 1024"."""
    return f"{STAGE_ICONS[Stage(stage)]} {stage_label(l10n, stage)} · № {order_id}"


# The stage button is named for the work it opens, never a generic «Действие».
ACT_KEYS: dict[Stage, str] = {
    Stage.PARTS_PRICING: "card-btn-act-PARTS_PRICING",
    Stage.LABOUR_PRICING: "card-btn-act-LABOUR_PRICING",
    Stage.CLIENT_APPROVAL: "card-btn-act-CLIENT_APPROVAL",
    Stage.PARTS_PURCHASE: "card-btn-act-PARTS_PURCHASE",
    Stage.AWAITING_DELIVERY: "card-btn-act-AWAITING_DELIVERY",
    Stage.PRE_ISSUE_CHECK: "card-btn-act-PRE_ISSUE_CHECK",
}


def act_label(l10n: L10n, stage: str) -> str | None:
    """ "💰 Оценить запчасти"; None for a stage with no work of its own (the pipeline says
    which: not NEW, not a closed one)."""
    return l10n.raw(ACT_KEYS[Stage(stage)]) if has_stage_work(stage) else None


def send_back_text(l10n: L10n, send_back: SendBack) -> str:
    """ "↩️ Возврат с этапа «Калькуляция работ» — Пётр Иванов (руководитель СТО):" and the
    reason in quotes (HTML-escaped: people typed it)."""
    name = send_back.by_name or "—"
    who = (
        l10n.raw("send-back-who", name=name, role=l10n.raw(f"role-{send_back.by_role}"))
        if send_back.by_role
        else name
    )
    return l10n(
        "send-back-banner",
        source=stage_label(l10n, send_back.source),
        who=who,
        reason=send_back.reason,
    )


def car_label(car: Car) -> str:
    """ "BMW X5 · А123ВС77" — whatever of make, model and plate is known."""
    name = " ".join(x for x in (car.make, car.model) if x)
    ident = car.plate or (f"VIN …{car.vin[-6:]}" if car.vin else "")
    return " · ".join(x for x in (name, ident) if x) or "—"


def car_html(car: Car) -> str:
    """`car_label` for a line of an HTML message: make and model are typed by people."""
    return html.escape(car_label(car), quote=False)


# The bot's name for the one quantity formatter (the timeline and the journal use it too).
quantity_text = format_quantity


def money_text(value: object) -> str:
    return format_money(value)  # type: ignore[arg-type]


def part_line(l10n: L10n, n: int, part: OrderPart) -> str:
    qty = quantity_text(part.quantity)
    head = f"{n}. {part.name} ×{qty}"
    if part.status == "unavailable":
        return l10n("card-part-unavailable", head=head)
    if part.sale_price is None:
        return l10n("card-part-unpriced", head=head)
    details = [money_text(part.sale_price * part.quantity)]
    if part.vendor:
        details.append(part.vendor)
    if part.delivery_days is not None and part.vendor_order_no is None:
        details.append(l10n.raw("card-days", days=part.delivery_days))
    if part.vendor_order_no:
        details.append(l10n.raw("card-vendor-order", number=part.vendor_order_no))
    if part.received_quantity:
        details.append(l10n.raw("card-received", got=quantity_text(part.received_quantity), of=qty))
    return l10n("card-part-line", head=head, details=" · ".join(details))


def order_card_text(l10n: L10n, card: OrderCard, tz: ZoneInfo, now: datetime) -> str:
    order = card.order
    hours = max(0, int((now - order.stage_entered_at).total_seconds() // 3600))
    lines = [
        f"<b>{stage_title(l10n, order.stage, order.id)}</b> · "
        + l10n("card-in-stage", hours=hours),
        l10n("card-client", name=card.client_name or "—", phone=card.phone or "—"),
        l10n("card-car", car=_car_full(card.car)),
    ]
    if card.master_name:
        lines.append(l10n("card-master", name=card.master_name))
    if order.complaint:
        lines.append(l10n("card-complaint", text=order.complaint))
    if order.appointment_at:
        lines.append(
            l10n(
                "card-appointment",
                when=format_local_datetime(order.appointment_at, tz, l10n.locale),
            )
        )
    lines += _lines_money(l10n, card)
    if order.cancel_reason:
        lines.append(l10n("card-cancel-reason", reason=order.cancel_reason))
    for view in card.open_tasks:
        who = view.assignee_name or l10n.raw(f"role-{view.task.role}")
        lines.append(
            l10n(
                "card-task",
                who=who,
                deadline=format_local_datetime(view.task.deadline, tz, l10n.locale),
            )
        )
    return "\n".join(lines)


def _lines_money(l10n: L10n, card: OrderCard) -> list[str]:
    """The parts, the works and the total."""
    totals = card.totals
    lines = [
        l10n(
            "card-parts-header",
            count=len(card.parts),
            cost=money_text(totals.parts_cost),
            sale=money_text(totals.parts_sale),
        )
    ]
    lines += [" " + part_line(l10n, n, p) for n, p in enumerate(card.parts, 1)]
    if card.works:
        lines.append(l10n("card-works-header", total=money_text(totals.labour)))
        lines += [
            f" {n}. " + l10n("card-work-line", name=w.name, cost=money_text(w.cost))
            for n, w in enumerate(card.works, 1)
        ]
    else:
        lines.append(l10n("card-works-none"))
    if totals.grand_total:
        lines.append(l10n("card-total", total=money_text(totals.grand_total)))
    return lines


def _car_full(car: Car) -> str:
    name = " ".join(x for x in (car.make, car.model) if x) or "—"
    if car.year:
        name += f" ({car.year})"
    parts = [name]
    if car.plate:
        parts.append(car.plate)
    if car.vin:
        parts.append(f"VIN {car.vin}")
    return " · ".join(parts)


def card_keyboard(l10n: L10n, card: OrderCard, roles: frozenset[str]) -> InlineKeyboardMarkup:
    order = card.order
    stage = Stage(order.stage)

    def button(key: str, action: str, **args: object) -> InlineKeyboardButton:
        return labelled(l10n.raw(key, **args), action)

    def labelled(text: str, action: str) -> InlineKeyboardButton:
        data = OrderCallback(action=action, order_id=order.id, stage=stage.value)
        return InlineKeyboardButton(text=text, callback_data=data.pack())

    rows = [[button("card-btn-history", "hist"), button("card-btn-car", "car")]]
    if card.media_count:
        rows[0].insert(0, button("card-btn-media", "media", count=card.media_count))
    allowed = actions(stage, roles)
    act = act_label(l10n, stage)
    row = [labelled(act, "act")] if act and Action.DO_STAGE_WORK in allowed else []
    if Action.MOVE_BACK in allowed:
        row.append(button("card-btn-back", "back"))
    if row:
        rows.append(row)
    if Action.CANCEL in allowed:
        rows.append([button("card-btn-cancel", "cancel")])
    if Action.REASSIGN_TASK in allowed:
        for view in card.open_tasks:
            data = TaskCallback(action="reassign", task_id=view.task.id).pack()
            label = l10n.raw("card-btn-reassign", role=l10n.raw(f"role-{view.task.role}"))
            rows.append([InlineKeyboardButton(text=label, callback_data=data)])
    return InlineKeyboardMarkup(inline_keyboard=rows)


def order_button(
    l10n: L10n, order_id: int, stage: str, car: Car, extra: str = ""
) -> list[InlineKeyboardButton]:
    text = f"№ {order_id} · {car_label(car)}" + (f" · {extra}" if extra else "")
    data = OrderCallback(action="open", order_id=order_id, stage=stage)
    return [InlineKeyboardButton(text=text[:64], callback_data=data.pack())]
