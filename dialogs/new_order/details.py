"""Steps 4–5: the complaint, then the parts list (pasted as many lines, edited, removed)."""

from __future__ import annotations

from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.callbacks import PickCallback
from bot.i18n import L10n
from dialogs.new_order import data as d
from dialogs.new_order.screens import goto
from dialogs.new_order.states import NewOrderSG as SG
from services.normalize import PartLine, parse_parts_report

MAX_COMPLAINT = 1000


async def complaint_typed(message: Message, state: FSMContext, l10n: L10n) -> None:
    text = (message.text or "").strip()
    notice = None
    if not text:
        notice = l10n("new-order-error-not-understood")
    elif len(text) > MAX_COMPLAINT:
        notice = l10n("new-order-error-complaint-long", limit=MAX_COMPLAINT, length=len(text))
    if notice is not None:
        await goto(message, state, l10n, SG.complaint, notice=notice)
        return
    await d.change(state, **{d.COMPLAINT: text})
    await goto(message, state, l10n, SG.parts)


def _parse(l10n: L10n, text: str) -> tuple[list[PartLine], str | None]:
    """The lines, or a notice naming every wrong line; a message with one is refused whole,
    so a fixed copy can be sent again without doubling the good lines."""
    report = parse_parts_report(text)
    if not report.errors:
        return report.lines, None
    problems = [l10n(error.key, **error.params) for error in report.errors]
    return [], "\n".join([*problems, l10n("new-order-parts-refused")])


async def parts_typed(message: Message, state: FSMContext, l10n: L10n) -> None:
    lines, notice = _parse(l10n, message.text or "")
    data = await state.get_data()
    rows = data.get(d.PARTS, []) + d.part_rows(lines)
    if notice is None and len(rows) > d.MAX_PARTS:
        notice = l10n("new-order-error-too-many-parts", limit=d.MAX_PARTS)
    if notice is not None:
        await goto(message, state, l10n, SG.parts, notice=notice)
        return
    await d.change(state, **{d.PARTS: rows})
    await goto(message, state, l10n, SG.parts)


async def more_parts(query: CallbackQuery, state: FSMContext, l10n: L10n) -> None:
    await goto(query, state, l10n, SG.parts, notice=l10n("new-order-parts-hint"))


def _index(data: dict[str, Any], value: str) -> int | None:
    index = int(value) - 1 if value.isdigit() else -1
    return index if 0 <= index < len(data.get(d.PARTS, [])) else None


async def edit_part(
    query: CallbackQuery, callback_data: PickCallback, state: FSMContext, l10n: L10n
) -> None:
    index = _index(await state.get_data(), callback_data.value)
    if index is None:  # a button of a list that has changed since
        await goto(query, state, l10n, SG.parts)
        return
    await d.change(state, **{d.EDITING: index})
    await goto(query, state, l10n, SG.part_edit)


async def remove_part(
    query: CallbackQuery, callback_data: PickCallback, state: FSMContext, l10n: L10n
) -> None:
    data = await state.get_data()
    index = _index(data, callback_data.value)
    if index is not None:
        rows = list(data[d.PARTS])
        del rows[index]
        await d.change(state, **{d.PARTS: rows})
    await goto(query, state, l10n, SG.parts)


async def replacement_typed(message: Message, state: FSMContext, l10n: L10n) -> None:
    lines, notice = _parse(l10n, message.text or "")
    if notice is not None:
        await goto(message, state, l10n, SG.part_edit, notice=notice)
        return
    data = await state.get_data()
    rows = list(data.get(d.PARTS, []))
    index = data[d.EDITING]
    rows[index : index + 1] = d.part_rows(lines)  # several lines split one part into several
    await d.change(state, drop=(d.EDITING,), **{d.PARTS: rows[: d.MAX_PARTS]})
    await goto(message, state, l10n, SG.parts)


async def parts_done(query: CallbackQuery, state: FSMContext, l10n: L10n) -> None:
    await goto(query, state, l10n, SG.media)
