"""Texts of the labour dialog: the order summary with the works so far, and its errors."""

from __future__ import annotations

from bot.i18n import L10n
from bot.render.orders import car_html, money_text, part_line, stage_title
from dialogs.labour.parsing import WorkLineError
from services.orders import OrderCard


def works_text(l10n: L10n, card: OrderCard) -> str:
    order, totals = card.order, card.totals
    lines = [f"<b>{stage_title(l10n, order.stage, order.id)}</b>", car_html(card.car)]
    if order.complaint:
        lines.append(l10n("card-complaint", text=order.complaint))
    lines.append(l10n("labour-parts", count=len(card.parts), total=money_text(totals.parts_sale)))
    lines += [" " + part_line(l10n, n, p) for n, p in enumerate(card.parts, 1)]
    if card.works:
        lines.append(l10n("labour-works", count=len(card.works), total=money_text(totals.labour)))
        lines += [
            f" {n}. " + l10n("card-work-line", name=w.name, cost=money_text(w.cost))
            for n, w in enumerate(card.works, 1)
        ]
        lines.append(l10n("card-total", total=money_text(totals.grand_total)))
    else:
        lines.append(l10n("labour-works-none"))
    lines += ["", l10n("labour-ask-works")]
    return "\n".join(lines)


def comment_text(l10n: L10n, order_id: int) -> str:
    title = stage_title(l10n, "LABOUR_PRICING", order_id)
    return "\n".join([f"<b>{title}</b>", l10n("labour-ask-comment")])


def line_error(l10n: L10n, error: WorkLineError) -> str:
    if error.problem == "empty":
        return l10n("labour-error-empty")
    if error.problem == "too-many":
        return l10n("labour-error-too-many", line=error.line)
    if error.problem == "cost" and error.money is not None:
        problem = l10n.raw(error.money.key, **error.money.params)
        return l10n("labour-error-cost", line=error.line, text=error.text, problem=problem)
    key = {"no-cost": "labour-error-no-cost", "no-name": "labour-error-no-name"}.get(
        error.problem, "labour-error-long-name"
    )
    return l10n(key, line=error.line, text=error.text)
