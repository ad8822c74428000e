"""«👥 Сотрудники» (director): open a card, give or take a role, link a Bitrix24 user, deactivate
(their open tasks go back to the pool, the director reassigns). The rules and the writes are
StaffService's; a refusal is an alert and the screen stays as it was."""

from __future__ import annotations

import re

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram_dialog import DialogManager, ShowMode, StartMode
from aiogram_dialog.widgets.input import ManagedTextInput
from aiogram_dialog.widgets.kbd import Button, Select

from bot.callbacks import TaskAction, TaskCallback
from bot.i18n import L10n
from bot.render.orders import stage_label
from dialogs.director_journal.states import JournalSG
from dialogs.director_phones import handlers as phones
from dialogs.director_staff import render
from dialogs.director_staff.data import PortalPick, Staff, load, store
from dialogs.director_staff.getters import STAFF_PAGE
from dialogs.director_staff.states import StaffSG
from dialogs.kit.close import close
from dialogs.kit.over import open_alone
from services.errors import DomainError
from services.staff.bitrix import portal_users_or_none
from services.staff.roles import ROLE_ORDER, Role
from services.staff.service import StaffService
from services.storage.models import Employee, StageTask

_EMPLOYEE_ID = re.compile(r"[0-9]{1,9}\Z")  # what an honest button carries: a row id


async def start(manager: DialogManager, state: FSMContext) -> None:
    """The list's first page in a new message."""
    await open_alone(manager, state, StaffSG.list)


def parse_bitrix_id(text: str) -> int:
    """The typed Bitrix24 user id (0 unlinks); ValueError for anything else."""
    text = text.strip()
    if not text.isdigit() or len(text) > 9:
        raise ValueError(text)
    return int(text)


def _begin(manager: DialogManager) -> tuple[StaffService, Staff]:
    staff = load(manager)
    staff.note = None  # it answered the text typed before this tap
    return StaffService(manager.middleware_data["session"]), staff


def _l10n(manager: DialogManager) -> L10n:
    return manager.middleware_data["l10n"]  # type: ignore[no-any-return]


def _actor(manager: DialogManager) -> Employee:
    return manager.middleware_data["employee"]  # type: ignore[no-any-return]


async def _refuse(callback: CallbackQuery, manager: DialogManager, key: str) -> None:
    """An alert, and the screen stays as it was."""
    await callback.answer(_l10n(manager).raw(key), show_alert=True)
    manager.show_mode = ShowMode.NO_UPDATE


async def page_back(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    _, staff = _begin(manager)
    staff.offset = max(0, staff.offset - STAFF_PAGE)
    store(manager, staff)


async def page_on(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    _, staff = _begin(manager)
    staff.offset += STAFF_PAGE
    store(manager, staff)


async def open_card(
    callback: CallbackQuery, widget: Select[str], manager: DialogManager, item_id: str
) -> None:
    service, staff = _begin(manager)
    if not _EMPLOYEE_ID.match(item_id):
        await _refuse(callback, manager, "dialog-expired")
        return
    try:
        person = await service.get_by_id(int(item_id))
    except DomainError as error:
        await _refuse(callback, manager, error.key)
        return
    staff.employee_id = person.id
    store(manager, staff)
    await manager.switch_to(StaffSG.card)


async def toggle_role(
    callback: CallbackQuery, widget: Select[str], manager: DialogManager, item_id: str
) -> None:
    service, staff = _begin(manager)
    if item_id not in ROLE_ORDER:
        await _refuse(callback, manager, "dialog-expired")
        return
    try:
        await service.toggle_role(staff.employee_id, Role(item_id), actor=_actor(manager))
    except DomainError as error:
        await _refuse(callback, manager, error.key)
        return
    store(manager, staff)
    await callback.answer(_l10n(manager).raw("staff-role-changed"))


async def deactivate(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    service, staff = _begin(manager)
    try:
        person = await service.get_by_id(staff.employee_id)
        released = await service.deactivate_by_id(staff.employee_id, actor=_actor(manager))
    except DomainError as error:
        await _refuse(callback, manager, error.key)
        return
    l10n = _l10n(manager)
    text = l10n("staff-deactivated", name=person.full_name, count=len(released))
    await close(manager, StaffSG.closed, text)
    if isinstance(callback.message, Message):
        await _ask_reassign(callback.message, manager, released)


async def _ask_reassign(message: Message, manager: DialogManager, released: list[int]) -> None:
    """The director is asked to hand each returned task to someone (the reassign screen)."""
    l10n, session = _l10n(manager), manager.middleware_data["session"]
    for task_id in released:
        task = await session.get(StageTask, task_id)
        if task is None:
            continue
        label = l10n.raw("card-btn-reassign", role=l10n.raw(f"role-{task.role}"))
        data = TaskCallback(action=TaskAction.REASSIGN, task_id=task.id).pack()
        await message.answer(
            l10n(
                "staff-reassign-line", order_id=task.order_id, stage=stage_label(l10n, task.stage)
            ),
            reply_markup=InlineKeyboardMarkup(
                inline_keyboard=[[InlineKeyboardButton(text=label, callback_data=data)]]
            ),
        )


async def ask_bitrix(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    """The portal's users to pick from, or the id typed when the portal is off or silent."""
    _, staff = _begin(manager)
    settings = manager.middleware_data["settings"].bitrix24
    users = await portal_users_or_none(settings)
    staff.portal = [PortalPick(id=u.id, name=u.name) for u in users or []]
    staff.portal_failed = settings.enabled and users is None
    store(manager, staff)
    await manager.switch_to(StaffSG.pick_bitrix if users is not None else StaffSG.type_bitrix)


async def picked_bitrix(
    callback: CallbackQuery, widget: Select[str], manager: DialogManager, item_id: str
) -> None:
    service, staff = _begin(manager)
    if item_id not in {str(user.id) for user in staff.portal}:
        await _refuse(callback, manager, "dialog-expired")
        return
    try:
        person = await service.link_bitrix(staff.employee_id, int(item_id), actor=_actor(manager))
    except DomainError as error:
        await _refuse(callback, manager, error.key)
        return
    await callback.answer(_linked(_l10n(manager), person, raw=True))
    store(manager, staff)
    await manager.switch_to(StaffSG.card)


async def typed_bitrix(
    message: Message, widget: ManagedTextInput[int], manager: DialogManager, bitrix_id: int
) -> None:
    """The id typed: the card with «готово» on top, or the refusal on top of the question."""
    service, staff = _begin(manager)
    l10n = _l10n(manager)
    try:
        person = await service.link_bitrix(
            staff.employee_id, bitrix_id or None, actor=_actor(manager)
        )
    except DomainError as error:
        staff.note = l10n(error.key)
        store(manager, staff)
        return
    staff.note = _linked(l10n, person)
    store(manager, staff)
    await manager.switch_to(StaffSG.card)


async def bad_bitrix_id(
    message: Message, widget: ManagedTextInput[int], manager: DialogManager, error: ValueError
) -> None:
    """Not a number: said on top of the same question, which keeps waiting."""
    _, staff = _begin(manager)
    staff.note = _l10n(manager)("staff-bitrix-error")
    store(manager, staff)


def _linked(l10n: L10n, person: Employee, *, raw: bool = False) -> str:
    text = l10n.raw if raw else l10n
    return text("staff-bitrix-linked", name=person.full_name, bitrix=render.bitrix(l10n, person))


async def open_journal(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    """«🗂 Журнал событий»: the journal takes the list's place."""
    await manager.start(JournalSG.journal, mode=StartMode.RESET_STACK, show_mode=ShowMode.EDIT)


async def open_phones(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    """«☎️ Кто видит телефоны»: that screen in a new message, and the list, closed with this
    dialog, without its buttons (aiogram-dialog keeps those of a tapped message)."""
    await phones.start(manager, manager.middleware_data["state"])
    if isinstance(callback.message, Message):
        await callback.message.edit_reply_markup(reply_markup=None)
