"""Steps 4–5: the complaint, then the parts list (pasted as many lines, edited, removed)."""

from __future__ import annotations

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Select

from bot.i18n import L10n
from dialogs.new_order.data import MAX_PARTS, begin, part_rows
from dialogs.new_order.flow import go, l10n_of
from dialogs.new_order.states import NewOrderSG as SG
from services.normalize import PartLine, parse_parts_report

MAX_COMPLAINT = 1000


async def complaint_typed(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    draft, l10n = begin(manager), l10n_of(manager)
    text = (message.text or "").strip()
    notice = None
    if not text:
        notice = l10n("new-order-error-not-understood")
    elif len(text) > MAX_COMPLAINT:
        notice = l10n("new-order-error-complaint-long", limit=MAX_COMPLAINT, length=len(text))
    if notice is not None:
        await go(manager, draft, SG.complaint, notice=notice)
        return
    draft.complaint = text
    await go(manager, draft, SG.parts)


def _parse(l10n: L10n, text: str) -> tuple[list[PartLine], str | None]:
    """The lines, or a notice naming every wrong line; a message with one is refused whole,
    so a fixed copy can be sent again without doubling the good lines."""
    report = parse_parts_report(text)
    if not report.errors:
        return report.lines, None
    problems = [l10n(error.key, **error.params) for error in report.errors]
    return [], "\n".join([*problems, l10n("new-order-parts-refused")])


async def parts_typed(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    draft, l10n = begin(manager), l10n_of(manager)
    lines, notice = _parse(l10n, message.text or "")
    rows = draft.add_parts(lines)
    if notice is None and len(rows) > MAX_PARTS:
        notice = l10n("new-order-error-too-many-parts", limit=MAX_PARTS)
    if notice is None:
        draft.parts = rows
    await go(manager, draft, SG.parts, notice=notice)


async def more_parts(query: CallbackQuery, button: Button, manager: DialogManager) -> None:
    await go(manager, begin(manager), SG.parts, notice=l10n_of(manager)("new-order-parts-hint"))


async def part_picked(
    query: CallbackQuery, widget: Select[str], manager: DialogManager, value: str
) -> None:
    """✏️ n (value "e<n>") or 🗑 n ("d<n>"); a list changed since redraws as it is now."""
    draft = begin(manager)
    number = value[1:]
    index = int(number) - 1 if number.isascii() and number.isdigit() else -1
    if not 0 <= index < len(draft.parts):
        await go(manager, draft, SG.parts)
    elif value.startswith("e"):
        draft.editing = index
        await go(manager, draft, SG.part_edit)
    else:
        del draft.parts[index]
        await go(manager, draft, SG.parts)


async def replacement_typed(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    draft = begin(manager)
    lines, notice = _parse(l10n_of(manager), message.text or "")
    if notice is not None or draft.editing is None:
        await go(manager, draft, SG.part_edit, notice=notice)
        return
    rows = list(draft.parts)
    index = draft.editing
    rows[index : index + 1] = part_rows(lines)  # several lines split one part into several
    draft.parts, draft.editing = rows[:MAX_PARTS], None
    await go(manager, draft, SG.parts)


async def parts_done(query: CallbackQuery, button: Button, manager: DialogManager) -> None:
    await go(manager, begin(manager), SG.media)
