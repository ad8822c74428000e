"""The purchase questions: the vendor's order number (the same order in one tap), the date."""

from __future__ import annotations

from datetime import date, timedelta

from bot.i18n import L10n
from dialogs.parts_walk.data import Walk
from dialogs.parts_walk.kinds import Choice, Screen
from dialogs.parts_walk.stepwise import screen_text
from dialogs.purchase import render
from services.normalize import format_date
from services.orders.parts import is_ordered
from services.storage.models import Order, OrderPart

# Button values (they ride in the callback data, so short).
KEEP, OTHER_DATE = "k", "to"
SAME, DAY = "s", "t"  # "s0": the first vendor order typed in this dialog; "t2026-12-10": a date
KNOWN = "known"  # walk.extra: vendor orders recorded in this dialog: [[vendor, number, ISO], …]
MAX_KNOWN = 4


def number_screen(
    l10n: L10n, walk: Walk, order: Order, part: OrderPart, title: str, *, first: bool
) -> Screen:
    number = walk.current.get("number")
    text = screen_text(title, l10n("purchase-ask-number"), render.kept_line(l10n, number))
    same = [
        [(label[:64], f"{SAME}{i}")] for i, label in same_vendor_orders(l10n, walk, order, part)
    ]
    return Screen(text, rows=[_keep(l10n, number), *same], back=not first)


def date_screen(l10n: L10n, walk: Walk, part: OrderPart, title: str, today: date) -> Screen:
    kept = walk.current.get("date")
    kept_text = format_date(date.fromisoformat(kept), l10n.locale) if kept else None
    key = "purchase-ask-date-typed" if walk.typing else "purchase-ask-date"
    text = screen_text(
        title,
        l10n(key, number=walk.current.get("number", "—")),
        render.kept_line(l10n, kept_text),
    )
    days: list[Choice] = []
    for day in date_choices(today, part.delivery_days):
        delta = (day - today).days
        if delta == 1:
            label = l10n.raw("purchase-btn-tomorrow")
        else:
            label = l10n.raw("purchase-btn-in-days", date=format_date(day, l10n.locale), days=delta)
        days.append((label, f"{DAY}{day.isoformat()}"))
    other = [(l10n.raw("purchase-btn-other-date"), OTHER_DATE)]
    return Screen(text, rows=[_keep(l10n, kept_text), days, other])


def date_choices(today: date, delivery_days: int | None) -> list[date]:
    """The date the priced delivery time gives, then tomorrow (each once, none in the past)."""
    choices = []
    if delivery_days is not None and delivery_days >= 2:
        choices.append(today + timedelta(days=delivery_days))
    choices.append(today + timedelta(days=1))
    return choices


def same_vendor_orders(
    l10n: L10n, walk: Walk, order: Order, part: OrderPart
) -> list[tuple[int, str]]:
    """Vendor orders typed in this dialog for this part's vendor: (index, label)."""
    later = walk.queue[walk.index :]
    same_vendor = [
        p for p in order.parts if p.id in later and p.vendor == part.vendor and not is_ordered(p)
    ]
    buttons = []
    for i, (vendor, number, _when) in enumerate(walk.extra.get(KNOWN, [])):
        if vendor != (part.vendor or ""):
            continue
        if len(same_vendor) > 1:
            label = l10n.raw("purchase-btn-same-all", number=number, vendor=vendor)
        else:
            label = l10n.raw("purchase-btn-same", number=number)
        buttons.append((i, label))
    return buttons


def _keep(l10n: L10n, value: str | None) -> list[Choice]:
    return [] if value is None else [(l10n.raw("purchase-btn-keep", value=value)[:64], KEEP)]
