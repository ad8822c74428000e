"""Texts of the purchase screens and of the deliveries list."""

from __future__ import annotations

from datetime import date

from bot.i18n import L10n
from bot.render.orders import quantity_text
from services.normalize import format_date
from services.orders.parts import is_available
from services.storage.models import Order, OrderPart


def part_title(l10n: L10n, order: Order, part: OrderPart, n: int, total: int) -> str:
    """ "🛒 № 1024 · деталь 2 из 3: Стойка стабилизатора ×2" and the vendor from pricing."""
    lines = [
        l10n(
            "purchase-part-title",
            order_id=order.id,
            n=n,
            total=total,
            part=part.name,
            qty=quantity_text(part.quantity),
        )
    ]
    if part.delivery_days is not None:
        lines.append(
            l10n("purchase-vendor-days", vendor=part.vendor or "—", days=part.delivery_days)
        )
    else:
        lines.append(l10n("purchase-vendor", vendor=part.vendor or "—"))
    return "\n".join(lines)


def kept_line(l10n: L10n, value: str | None) -> str:
    return l10n("purchase-kept", value=value) if value is not None else ""


def part_lines(l10n: L10n, order: Order) -> list[str]:
    lines = []
    for n, part in enumerate(order.parts, 1):
        args = {"n": n, "part": part.name, "qty": quantity_text(part.quantity)}
        if not is_available(part):
            lines.append(" " + l10n("purchase-line-unavailable", **args))
        elif part.vendor_order_no and part.expected_date:
            when = format_date(part.expected_date, l10n.locale)
            lines.append(
                " "
                + l10n(
                    "purchase-line",
                    vendor=part.vendor or "—",
                    number=part.vendor_order_no,
                    date=when,
                    **args,
                )
            )
        else:
            lines.append(" " + l10n("purchase-line-open", vendor=part.vendor or "—", **args))
    return lines


def saved_note(l10n: L10n, parts: list[OrderPart], number: str, when: date) -> str:
    shown = format_date(when, l10n.locale)
    if len(parts) == 1:
        return l10n("purchase-saved", part=parts[0].name, number=number, date=shown)
    return l10n(
        "purchase-saved-many",
        number=number,
        vendor=parts[0].vendor or "—",
        date=shown,
        count=len(parts),
    )
