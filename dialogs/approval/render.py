"""Texts of the client approval dialog."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from bot.i18n import L10n
from bot.render.orders import car_html, money_text, part_line, stage_label, stage_title
from services.normalize import format_date
from services.orders import OrderCard
from services.orders.parts import is_available

STEPS = 4


def title(l10n: L10n, order_id: int, step: int | None = None) -> str:
    head = stage_title(l10n, "CLIENT_APPROVAL", order_id)
    if step is None:
        return f"<b>{head}</b>"
    return "<b>" + l10n("dialog-step", title=head, step=step, steps=STEPS) + "</b>"


def summary_text(l10n: L10n, card: OrderCard, today: date) -> str:
    """The final estimate the master reads to the client, with the client's phone in full."""
    order, totals = card.order, card.totals
    lines = [
        title(l10n, order.id, 1),
        car_html(card.car),
        l10n("card-client", name=card.client_name or "—", phone=card.phone or "—"),
    ]
    if order.complaint:
        lines.append(l10n("card-complaint", text=order.complaint))
    if card.parts:
        lines.append(
            l10n("approval-parts", count=len(card.parts), total=money_text(totals.parts_sale))
        )
        lines += [" " + part_line(l10n, n, p) for n, p in enumerate(card.parts, 1)]
    lines.append(l10n("approval-works", count=len(card.works), total=money_text(totals.labour)))
    lines += [
        f" {n}. " + l10n("card-work-line", name=w.name, cost=money_text(w.cost))
        for n, w in enumerate(card.works, 1)
    ]
    lines.append(l10n("card-total", total=money_text(totals.grand_total)))
    days = max(
        (p.delivery_days or 0 for p in card.parts if is_available(p)),
        default=0,
    )
    if days:
        ready = format_date(today + timedelta(days=days), l10n.locale)
        lines.append(l10n("approval-delivery-hint", days=days, ready=ready))
    lines += ["", l10n("approval-ask-decision")]
    return "\n".join(lines)


def date_text(l10n: L10n, order_id: int) -> str:
    return "\n".join([title(l10n, order_id, 2), l10n("approval-ask-date")])


def time_text(l10n: L10n, order_id: int, day: date) -> str:
    when = format_date(day, l10n.locale)
    return "\n".join([title(l10n, order_id, 3), l10n("approval-ask-time", day=when)])


def confirm_text(l10n: L10n, order_id: int, when: str, total: str) -> str:
    lines = [title(l10n, order_id, 4), l10n("approval-confirm", when=when, total=total)]
    return "\n".join(lines)


def refuse_text(l10n: L10n, order_id: int) -> str:
    return "\n".join([title(l10n, order_id), l10n("approval-ask-reason")])


def booked_text(l10n: L10n, order_id: int, when: str, stage: str) -> str:
    return l10n("approval-booked", order_id=order_id, when=when, stage=stage_label(l10n, stage))


def local_label(moment: datetime, l10n: L10n) -> str:
    """ "пн 24.11, 10:00" for an aware local datetime."""
    return f"{format_date(moment.date(), l10n.locale)}, {moment:%H:%M}"
