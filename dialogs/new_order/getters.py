"""What each step shows, drawn from the Draft alone, so «◀️ Назад» can redraw any of them.

Each getter returns the screen's text (the step title, the notice if any, the question) and
what its buttons need; the buttons themselves are the windows' widgets (dialog.py)."""

from __future__ import annotations

from typing import Any

from aiogram_dialog import DialogManager

from bot.i18n import L10n
from dialogs.new_order import render
from dialogs.new_order.data import Draft, load
from services.clients import Answer, ResolutionKind
from services.normalize import format_phone

# Driver notes offered as buttons; the label is stored as the note, in the master's language.
DRIVER_NOTES = {
    "son": "new-order-note-son",
    "daughter": "new-order-note-daughter",
    "spouse": "new-order-note-spouse",
    "brother": "new-order-note-brother",
    "proxy": "new-order-note-proxy",
}


def _screen(manager: DialogManager, step: int, body: list[str], **widgets: Any) -> dict[str, Any]:
    """The text under the step title; the notice (an error, a hint) goes above the question."""
    l10n: L10n = manager.middleware_data["l10n"]
    notice = load(manager).notice
    head = [render.title(l10n, step), *([notice, ""] if notice else [])]
    return {"text": "\n".join([*head, *body]), **widgets}


def _parts(manager: DialogManager) -> tuple[L10n, Draft]:
    return manager.middleware_data["l10n"], load(manager)


async def phone(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    l10n, draft = _parts(dialog_manager)
    body = [l10n("new-order-ask-phone")]
    if draft.phone:
        body.append(l10n("new-order-current", value=format_phone(draft.phone)))
    return _screen(dialog_manager, 1, body, keep=bool(draft.phone))


async def client_found(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    l10n, draft = _parts(dialog_manager)
    body = [l10n("new-order-client-found"), render.client_line(l10n, draft)]
    if draft.cars:
        body.append(l10n("new-order-client-pick-car"))
    cars = [(label, str(car_id)) for car_id, label in draft.cars]
    return _screen(dialog_manager, 2, body, cars=cars, has_cars=bool(cars), no_cars=not cars)


async def client_name(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    l10n, draft = _parts(dialog_manager)
    body = [
        l10n("new-order-client-not-found", phone=format_phone(draft.phone or "")),
        l10n("new-order-ask-name"),
    ]
    if draft.name_answered:
        name = draft.client_name or l10n.raw("new-order-no-name")
        body.append(l10n("new-order-current", value=name))
    return _screen(dialog_manager, 2, body, keep=draft.name_answered)


async def car(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    l10n, draft = _parts(dialog_manager)
    body = [render.client_line(l10n, draft), l10n("new-order-ask-car")]
    if draft.cars:
        body.append(l10n("new-order-ask-car-pick"))
    if draft.car_ready and draft.car is not None:
        body.append(l10n("new-order-current", value=draft.car.label))
    cars = [(label, str(car_id)) for car_id, label in draft.cars]
    return _screen(dialog_manager, 3, body, cars=cars, keep=draft.car_ready)


async def car_whose(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    l10n, draft = _parts(dialog_manager)
    assert draft.car is not None
    found, label = draft.car.found(), draft.car.label
    other = found.kind is ResolutionKind.BELONGS_TO_OTHER
    if other:
        name = found.other_client_name or l10n.raw("new-order-no-name")
        phone = found.other_client_phone_masked or "—"
        body = [l10n("new-order-car-other", car=label, name=name, phone=phone)]
    else:
        body = [l10n("new-order-car-unclaimed", car=label)]
    body.append(l10n("new-order-ask-whose"))
    return _screen(
        dialog_manager,
        3,
        body,
        other=other,
        unclaimed=not other,
        another=Answer.CREATE in found.answers,
    )


async def car_driver(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    l10n, draft = _parts(dialog_manager)
    assert draft.car is not None
    body = [l10n("new-order-ask-driver-note", car=draft.car.label)]
    notes = [(l10n.raw(key), code) for code, key in DRIVER_NOTES.items()]
    return _screen(dialog_manager, 3, body, notes=notes)


async def car_model(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    l10n, draft = _parts(dialog_manager)
    assert draft.car is not None
    found = draft.car.found()
    body = [l10n("new-order-car-new", ident=found.vin or found.plate or "—")]
    if found.kind is ResolutionKind.NOT_FOUND and found.make:
        decoded = render.car_text(found.make, found.model, found.year, None, None)
        body.append(l10n("new-order-car-decoded", car=decoded))
    body.append(l10n("new-order-ask-model"))
    return _screen(dialog_manager, 3, body)


async def complaint(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    l10n, draft = _parts(dialog_manager)
    body = [render.car_line(l10n, draft), l10n("new-order-ask-complaint")]
    if draft.complaint:
        body.append(l10n("new-order-current", value=draft.complaint))
    return _screen(dialog_manager, 4, body, keep=bool(draft.complaint))


async def parts(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    l10n, draft = _parts(dialog_manager)
    lines = render.part_lines(l10n, draft)
    if not lines:
        return _screen(dialog_manager, 5, [l10n("new-order-ask-parts")], empty=True, edits=[])
    body = [l10n("new-order-parts-head", count=len(lines)), *lines, l10n("new-order-parts-more")]
    edits = []
    for n in range(1, len(lines) + 1):
        edits.append((l10n.raw("new-order-btn-edit", n=n), f"e{n}"))
        edits.append((l10n.raw("new-order-btn-remove", n=n), f"d{n}"))
    return _screen(dialog_manager, 5, body, empty=False, listed=True, edits=edits)


async def part_edit(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    l10n, draft = _parts(dialog_manager)
    line = render.part_lines(l10n, draft)[draft.editing or 0]
    return _screen(dialog_manager, 5, [l10n("new-order-ask-part-edit", part=line)])


async def media(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    l10n, draft = _parts(dialog_manager)
    body = [l10n("new-order-ask-media")]
    if draft.media:
        body.append(render.media_line(l10n, draft))
    return _screen(dialog_manager, 6, body, some=bool(draft.media), none=not draft.media)


async def summary(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    l10n, draft = _parts(dialog_manager)
    return _screen(dialog_manager, 7, [render.summary(l10n, draft)])
