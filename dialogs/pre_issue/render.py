"""The pre-issue checklist: what is on it, its texts and errors."""

from __future__ import annotations

from dataclasses import dataclass

from bot.i18n import L10n
from bot.render.orders import car_html, money_text, quantity_text, stage_title
from dialogs.kit.feedback import with_notice
from services.orders import OrderCard
from services.orders.parts import is_available


@dataclass(frozen=True)
class Item:
    key: str  # "p12" (part id 12) or "w5" (work id 5): the checklist's item id
    label: str  # as on the toggle button


def checklist(l10n: L10n, card: OrderCard) -> list[Item]:
    """Every part that was to come (with what came) and every work."""
    items = [
        Item(
            f"p{p.id}",
            l10n.raw(
                "pre-issue-item-part",
                name=p.name,
                got=quantity_text(p.received_quantity),
                of=quantity_text(p.quantity),
            ),
        )
        for p in card.parts
        if is_available(p)
    ]
    items += [Item(f"w{w.id}", l10n.raw("pre-issue-item-work", name=w.name)) for w in card.works]
    return items


def check_text(l10n: L10n, card: OrderCard, notice: str | None = None) -> str:
    order = card.order
    lines = [
        f"<b>{stage_title(l10n, order.stage, order.id)}</b>",
        car_html(card.car),
        l10n("card-client", name=card.client_name or "—", phone=card.phone or "—"),
        l10n("card-total", total=money_text(card.totals.grand_total)),
        "",
        l10n("pre-issue-ask"),
    ]
    return with_notice(notice, lines)


def missing_text(l10n: L10n, missing: list[Item]) -> str:
    return l10n("pre-issue-error-missing", items=", ".join(item.label for item in missing))
