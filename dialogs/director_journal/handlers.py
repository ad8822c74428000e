"""The journal's taps and typed filters: each changes the dialog's filter or page and the
journal is drawn again; the CSV sends the whole selection."""

from __future__ import annotations

from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode
from aiogram_dialog.widgets.input import ManagedTextInput
from aiogram_dialog.widgets.kbd import Button, Select

from dialogs.director_journal.data import JournalView, load, store
from dialogs.director_journal.render import CSV_HEADINGS
from dialogs.director_journal.states import JournalSG
from dialogs.kit.feedback import warning
from dialogs.kit.over import open_alone
from services.audit import journal
from services.errors import DomainError
from services.reports.period import parse_custom

_MAX_ID = 9  # digits of an id a button or the director may give (the columns are 32-bit)


async def start(message: Message, state: FSMContext, dialog_manager: DialogManager) -> None:
    """/audit."""
    await open_alone(dialog_manager, state, JournalSG.journal)


async def on_start(start_data: Any, manager: DialogManager) -> None:
    """All events, or the filter the opener gave."""
    store(manager, JournalView.model_validate(start_data or {}))


def order_number(text: str) -> int:
    """`1024`, `№ 1024` or `#1024` (TextInput's type factory: ValueError for anything else)."""
    digits = text.strip().lstrip("№#").strip()
    if not (digits.isascii() and digits.isdigit()) or len(digits) > _MAX_ID:
        raise ValueError(text)
    return int(digits)


def _offset(item: str) -> int | None:
    """An offset an honest ◀️ ▶️ or id button carries; None for a forged one."""
    return int(item) if item.isascii() and item.isdigit() and len(item) <= _MAX_ID else None


async def _show(manager: DialogManager, view: JournalView) -> None:
    """The journal under the filter changed, from its first page."""
    view.offset, view.note = 0, None
    store(manager, view)
    await manager.switch_to(JournalSG.journal)


async def person_picked(
    query: CallbackQuery, widget: Select[str], manager: DialogManager, item: str
) -> None:
    view = load(manager)
    view.actor = _offset(item) or view.actor
    await _show(manager, view)


async def people_turned(
    query: CallbackQuery, widget: Select[str], manager: DialogManager, item: str
) -> None:
    """◀️ ▶️ in the person picker: the same message, another page."""
    view = load(manager)
    view.people_offset = _offset(item) or 0
    store(manager, view)


async def ask_person(query: CallbackQuery, button: Button, manager: DialogManager) -> None:
    """«👤 По сотруднику»: the picker from its first page."""
    view = load(manager)
    view.people_offset = 0
    store(manager, view)


async def ask_typed(query: CallbackQuery, button: Button, manager: DialogManager) -> None:
    """«🔢 По заказу», «📅 По датам»: asked afresh, without the last refusal."""
    view = load(manager)
    view.note = None
    store(manager, view)


async def order_typed(
    message: Message, widget: ManagedTextInput[int], manager: DialogManager, order_id: int
) -> None:
    view = load(manager)
    view.order = order_id
    await _show(manager, view)


async def order_refused(
    message: Message, widget: ManagedTextInput[int], manager: DialogManager, error: ValueError
) -> None:
    _refuse(manager, "journal-error-order")


async def dates_typed(
    message: Message, widget: ManagedTextInput[str], manager: DialogManager, text: str
) -> None:
    deps = manager.middleware_data
    try:
        period = parse_custom(text, deps["clock"](), deps["settings"].shop.tz)
    except DomainError as error:
        _refuse(manager, error.key)
        return
    view = load(manager)
    view.first, view.last = period.first_day, period.last_day
    await _show(manager, view)


def _refuse(manager: DialogManager, key: str) -> None:
    """The question again, why the answer was not taken above it."""
    view = load(manager)
    view.note = warning(manager.middleware_data["l10n"](key))
    store(manager, view)


async def turn_page(query: CallbackQuery, button: Button, manager: DialogManager) -> None:
    """«◀️ Раньше» (`wr`), «Позже ▶️»."""
    view = load(manager)
    step = journal.PAGE if button.widget_id == "wr" else -journal.PAGE
    view.offset = max(view.offset + step, 0)
    store(manager, view)


async def reset(query: CallbackQuery, button: Button, manager: DialogManager) -> None:
    store(manager, JournalView())


async def export_csv(query: CallbackQuery, button: Button, manager: DialogManager) -> None:
    """The selection as CSV below the journal; the journal stays as it is."""
    manager.show_mode = ShowMode.NO_UPDATE
    deps = manager.middleware_data
    l10n, tz = deps["l10n"], deps["settings"].shop.tz
    headings = [l10n.raw(key) for key in CSV_HEADINGS]
    content = await journal.export_csv(
        deps["session"], load(manager).journal_filter(tz), headings, l10n.raw, tz, l10n.locale
    )
    if isinstance(query.message, Message):
        await query.message.answer_document(BufferedInputFile(content, filename="journal.csv"))
