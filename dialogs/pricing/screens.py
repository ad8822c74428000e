"""The pricing questions: their text, what is kept, and the likely answers as buttons."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from bot.i18n import L10n
from bot.render.orders import money_text
from dialogs.parts_walk.kinds import Choice, Ctx, Screen
from dialogs.parts_walk.stepwise import screen_text
from dialogs.pricing import render
from services.normalize import format_quantity
from services.orders import default_sale_price
from services.orders.totals import DEFAULT_MARKUP_PERCENT

DAY_CHOICES = (1, 2, 3, 5, 7, 14)
# Button values (they ride in the callback data, so short).
KEEP, UNAVAILABLE, MARKUP, QUICK, OTHER_VENDOR = "k", "u", "m", "q", "vo"
VENDOR, DAY = "v", "d"  # "v0": the first recent vendor; "d7": seven days
# walk.extra: recent vendor names (buttons by index); the part priced just before
VENDORS, LAST = "vendors", "last"


def question(ctx: Ctx, title: str, first: bool) -> Screen:
    l10n, answers, step = ctx.l10n, ctx.walk.current, ctx.walk.step
    if step == "sale":
        return _sale(ctx, title, answers)
    if step == "vendor":
        return _vendor(l10n, title, answers, ctx.walk.extra.get(VENDORS, []), ctx.walk.typing)
    if step == "days":
        return _days(l10n, title, answers)
    purchase = answers.get("purchase")
    kept = money_text(Decimal(purchase)) if purchase is not None else None
    text = screen_text(title, l10n("pricing-ask-purchase"), render.kept_line(l10n, kept))
    rows = [_keep(l10n, kept), [(l10n.raw("pricing-btn-unavailable"), UNAVAILABLE)]]
    return Screen(text, rows=rows, back=not first)


def _sale(ctx: Ctx, title: str, answers: dict[str, Any]) -> Screen:
    l10n, markup = ctx.l10n, DEFAULT_MARKUP_PERCENT
    purchase = Decimal(answers["purchase"])
    kept = render.kept_sale(l10n, answers)
    text = screen_text(
        title,
        l10n("pricing-ask-sale", purchase=money_text(purchase)),
        render.kept_line(l10n, kept),
    )
    by_markup = l10n.raw(
        "pricing-btn-markup",
        percent=format_quantity(markup),
        price=money_text(default_sale_price(purchase, markup)),
    )
    rows = [_keep(l10n, kept), [(by_markup, MARKUP)]]
    last = ctx.walk.extra.get(LAST)
    if last:  # the part priced just before: the same vendor and days in one tap
        quick = l10n.raw("pricing-btn-quick", vendor=last["vendor"][:30], days=last["days"])
        rows.append([(quick, QUICK)])
    return Screen(text, rows=rows)


def _vendor(
    l10n: L10n, title: str, answers: dict[str, Any], vendors: list[str], typing: bool
) -> Screen:
    if typing:
        return Screen(screen_text(title, l10n("pricing-ask-vendor-name")))
    vendor = answers.get("vendor")
    text = screen_text(title, l10n("pricing-ask-vendor"), render.kept_line(l10n, vendor))
    choices = [(name[:40], f"{VENDOR}{i}") for i, name in enumerate(vendors)]
    choices.append((l10n.raw("pricing-btn-other-vendor"), OTHER_VENDOR))
    return Screen(text, rows=[_keep(l10n, vendor), choices[:3], choices[3:]])


def _days(l10n: L10n, title: str, answers: dict[str, Any]) -> Screen:
    days = answers.get("days")
    kept = l10n.raw("pricing-days", days=days) if days is not None else None
    text = screen_text(
        title,
        l10n("pricing-ask-days", vendor=answers.get("vendor", "—")),
        render.kept_line(l10n, kept),
    )
    return Screen(text, rows=[_keep(l10n, kept), [(str(d), f"{DAY}{d}") for d in DAY_CHOICES]])


def _keep(l10n: L10n, value: str | None) -> list[Choice]:
    """Going back keeps the answer: one tap takes it again."""
    return [] if value is None else [(l10n.raw("pricing-btn-keep", value=value), KEEP)]
