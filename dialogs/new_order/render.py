"""Texts shared by several screens: the step title, the client, the car, parts and media."""

from __future__ import annotations

from decimal import Decimal

from bot.i18n import L10n
from bot.render.orders import quantity_text
from dialogs.new_order.data import Draft
from dialogs.new_order.states import STEPS
from services.clients import CarResolution
from services.normalize import format_phone

LIST_NAME_LIMIT = 80  # a long name is cut in the list (kept whole in the order)


def title(l10n: L10n, step: int) -> str:
    """ "Новый заказ · шаг 3 из 7", in bold."""
    title = l10n("dialog-step", title=l10n.raw("new-order-title"), step=step, steps=STEPS)
    return f"<b>{title}</b>"


def client_line(l10n: L10n, draft: Draft) -> str:
    phone = format_phone(draft.phone or "")
    name = draft.client_name
    if draft.client_new:
        return l10n(
            "new-order-client-new-line", name=name or l10n.raw("new-order-no-name"), phone=phone
        )
    return l10n("new-order-client-line", name=name or l10n.raw("new-order-no-name"), phone=phone)


def car_text(
    make: str | None, model: str | None, year: int | None, plate: str | None, vin: str | None
) -> str:
    """ "BMW X5 (2019) · А123ВС77" — whatever is known; plain text, escaped where shown."""
    name = " ".join(x for x in (make, model) if x)
    if name and year:
        name = f"{name} ({year})"
    ident = plate or (f"VIN {vin}" if vin else "")
    return " · ".join(x for x in (name, ident) if x) or "—"


def resolution_label(found: CarResolution) -> str:
    return car_text(found.make, found.model, found.year, found.car_plate or found.plate, found.vin)


def car_line(l10n: L10n, draft: Draft) -> str:
    """The car and what saving will do with it (new, owner change, driver)."""
    car = draft.car
    assert car is not None
    answer = car.answer
    label = car.label
    if answer == "create":
        return l10n("new-order-car-line-new", car=label)
    if answer == "owner_changed":
        return l10n("new-order-car-line-owner", car=label)
    if answer == "driver":
        note = car.note or l10n.raw("new-order-note-none")
        return l10n("new-order-car-line-driver", car=label, note=note)
    return l10n("new-order-car-line", car=label)


def part_lines(l10n: L10n, draft: Draft) -> list[str]:
    lines = []
    for n, (name, article, qty) in enumerate(draft.parts, 1):
        shown = name if len(name) <= LIST_NAME_LIMIT else name[: LIST_NAME_LIMIT - 1] + "…"
        qty_text = quantity_text(Decimal(qty))
        if article:
            lines.append(
                l10n("new-order-part-article", n=n, name=shown, article=article, qty=qty_text)
            )
        else:
            lines.append(l10n("new-order-part", n=n, name=shown, qty=qty_text))
    return lines


def media_line(l10n: L10n, draft: Draft) -> str:
    photos, videos, big = draft.media_counts()
    line = l10n("new-order-media-count", photos=photos, videos=videos)
    if big:
        line += "\n" + l10n("new-order-media-big", count=big)
    return line


def summary(l10n: L10n, draft: Draft) -> str:
    lines = [
        l10n("new-order-summary-head"),
        client_line(l10n, draft),
        car_line(l10n, draft),
        l10n("new-order-complaint-line", text=draft.complaint),
    ]
    found = part_lines(l10n, draft)
    if found:
        lines.append(l10n("new-order-parts-head", count=len(found)))
        lines += [" " + line for line in found]
    else:
        lines.append(l10n("new-order-parts-none"))
    lines.append(media_line(l10n, draft))
    return "\n".join(lines)
