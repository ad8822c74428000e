"""«👥 Сотрудники»: employees with roles and Bitrix24 links; give or take a role, link a
Bitrix24 user, deactivate (their open tasks go back to the pool, the director reassigns)."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TypeVar

import structlog
from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import TaskAction, TaskCallback
from bot.filters import MenuButton
from bot.i18n import L10n
from bot.middlewares.reads import READS_ONLY
from bot.render.orders import stage_label
from bot.render.pager import pager_row
from bot.render.texts import roles_text
from bot.settings import Settings
from dialogs.director_journal.callbacks import JournalOpenCallback
from handlers.director.callbacks import (
    PhoneAction,
    PhoneCallback,
    StaffAction,
    StaffCallback,
)
from handlers.director.states import DirectorSG
from services.crm.bitrix24 import Bitrix24Client
from services.errors import DomainError
from services.staff.bitrix import portal_users
from services.staff.roles import ROLE_ORDER, Role
from services.staff.service import StaffService
from services.storage.models import Employee, StageTask

log = structlog.get_logger(__name__)
T = TypeVar("T")


def _btn(text: str, data: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data.pack())  # type: ignore[attr-defined]


def _bitrix(l10n: L10n, person: Employee) -> str:
    return str(person.bitrix_user_id) if person.bitrix_user_id else l10n.raw("staff-no-bitrix")


def _roles(l10n: L10n, person: Employee) -> str:
    return roles_text(l10n, person.role_names) if person.roles else l10n.raw("staff-no-roles")


STAFF_PAGE = 20  # lines a page: a shop network's staff would outgrow one message
# What honest buttons carry in `value`: a page's offset (none for the first), a portal user id.
_OFFSET = r"[0-9]{0,6}\Z"
_BITRIX_ID = r"[0-9]{1,9}\Z"


async def _list_screen(
    session: AsyncSession, l10n: L10n, offset: int = 0
) -> tuple[str, InlineKeyboardMarkup]:
    page = await StaffService(session).list_page(STAFF_PAGE, offset)
    people, total, offset = page.items, page.total, page.offset
    title = l10n("staff-title")
    if total > STAFF_PAGE:
        title = l10n("staff-title-page", start=offset + 1, end=offset + len(people), total=total)
    lines = [title]
    rows = []
    for person in people:
        mark = "🟢" if person.is_active else "⚪"
        line = l10n(
            "staff-line",
            mark=mark,
            name=person.full_name,
            roles=_roles(l10n, person),
            bitrix=_bitrix(l10n, person),
        )
        lines.append(line if person.is_active else f"{line} {l10n('staff-inactive')}")
        if person.is_active:
            data = StaffCallback(action=StaffAction.OPEN, employee_id=person.id)
            rows.append([_btn(person.full_name[:60], data)])
    nav = pager_row(
        offset,
        len(people),
        total,
        STAFF_PAGE,
        lambda at: StaffCallback(action=StaffAction.LIST, value=str(at)).pack(),
    )
    if nav:
        rows.append(nav)
    rows.append(
        [
            _btn(l10n.raw("staff-btn-journal"), JournalOpenCallback()),
            _btn(l10n.raw("staff-btn-phones"), PhoneCallback(action=PhoneAction.SHOW)),
        ]
    )
    return "\n".join(lines), InlineKeyboardMarkup(inline_keyboard=rows)


def _card(l10n: L10n, person: Employee) -> tuple[str, InlineKeyboardMarkup]:
    held = person.role_names
    role_buttons = [
        _btn(
            ("✅ " if role in held else "▫️ ") + l10n.raw(f"role-{role}"),
            StaffCallback(action=StaffAction.ROLE, employee_id=person.id, value=role.value),
        )
        for role in ROLE_ORDER
    ]
    rows = [role_buttons[i : i + 2] for i in range(0, len(role_buttons), 2)]
    rows.append(
        [
            _btn(
                l10n.raw("staff-btn-bitrix"),
                StaffCallback(action=StaffAction.BITRIX, employee_id=person.id),
            ),
            _btn(
                l10n.raw("staff-btn-deactivate"),
                StaffCallback(action=StaffAction.DEACTIVATE, employee_id=person.id),
            ),
        ]
    )
    rows.append([_btn(l10n.raw("staff-btn-back"), StaffCallback(action=StaffAction.LIST))])
    text = l10n(
        "staff-card",
        name=person.full_name,
        roles=_roles(l10n, person),
        bitrix=_bitrix(l10n, person),
    )
    return text, InlineKeyboardMarkup(inline_keyboard=rows)


async def show(message: Message, session: AsyncSession, l10n: L10n, state: FSMContext) -> None:
    await state.clear()
    text, keyboard = await _list_screen(session, l10n)
    await message.answer(text, reply_markup=keyboard)


async def _tried(query: CallbackQuery, l10n: L10n, step: Awaitable[T]) -> T | None:
    """The staff service's answer, or None once the director is told why it refused."""
    try:
        return await step
    except DomainError as error:
        await query.answer(l10n.raw(error.key), show_alert=True)
        return None


async def _edit(query: CallbackQuery, text: str, keyboard: InlineKeyboardMarkup | None) -> None:
    if isinstance(query.message, Message) and query.message.text != text:
        await query.message.edit_text(text, reply_markup=keyboard)


async def turn_page(
    query: CallbackQuery, callback_data: StaffCallback, session: AsyncSession, l10n: L10n
) -> None:
    await query.answer()
    await _edit(query, *await _list_screen(session, l10n, int(callback_data.value or 0)))


async def open_card(
    query: CallbackQuery, callback_data: StaffCallback, session: AsyncSession, l10n: L10n
) -> None:
    person = await _tried(query, l10n, StaffService(session).get_by_id(callback_data.employee_id))
    if person is None:
        return
    await query.answer()
    await _edit(query, *_card(l10n, person))


async def toggle_role(
    query: CallbackQuery,
    callback_data: StaffCallback,
    session: AsyncSession,
    l10n: L10n,
    employee: Employee,
) -> None:
    staff, emp_id = StaffService(session), callback_data.employee_id
    person = await _tried(
        query, l10n, staff.toggle_role(emp_id, Role(callback_data.value), actor=employee)
    )
    if person is None:
        return
    await query.answer(l10n.raw("staff-role-changed"))
    await _edit(query, *_card(l10n, person))


async def ask_deactivate(
    query: CallbackQuery, callback_data: StaffCallback, session: AsyncSession, l10n: L10n
) -> None:
    emp_id = callback_data.employee_id
    person = await _tried(query, l10n, StaffService(session).get_by_id(emp_id))
    if person is None:
        return
    await query.answer()
    confirm = InlineKeyboardMarkup(
        inline_keyboard=[
            [
                _btn(
                    l10n.raw("staff-btn-confirm"),
                    StaffCallback(action=StaffAction.DEACTIVATE_CONFIRMED, employee_id=emp_id),
                ),
                _btn(
                    l10n.raw("staff-btn-back"),
                    StaffCallback(action=StaffAction.OPEN, employee_id=emp_id),
                ),
            ]
        ]
    )
    await _edit(query, l10n("staff-confirm-deactivate", name=person.full_name), confirm)


async def deactivate(
    query: CallbackQuery,
    callback_data: StaffCallback,
    session: AsyncSession,
    l10n: L10n,
    employee: Employee,
) -> None:
    staff, emp_id = StaffService(session), callback_data.employee_id
    try:
        person = await staff.get_by_id(emp_id)
        released = await staff.deactivate_by_id(emp_id, actor=employee)
    except DomainError as error:
        await query.answer(l10n.raw(error.key), show_alert=True)
        return
    await query.answer()
    await _deactivated(query, session, l10n, person, released)


async def ask_bitrix(
    query: CallbackQuery,
    callback_data: StaffCallback,
    session: AsyncSession,
    l10n: L10n,
    settings: Settings,
    state: FSMContext,
) -> None:
    person = await _tried(query, l10n, StaffService(session).get_by_id(callback_data.employee_id))
    if person is None:
        return
    await query.answer()
    typed = callback_data.action is StaffAction.BITRIX_TYPED
    await _ask_bitrix(query, l10n, settings, state, person, typed=typed)


async def link_bitrix(
    query: CallbackQuery,
    callback_data: StaffCallback,
    session: AsyncSession,
    l10n: L10n,
    employee: Employee,
) -> None:
    staff, bitrix_id = StaffService(session), int(callback_data.value) or None
    person = await _tried(
        query, l10n, staff.link_bitrix(callback_data.employee_id, bitrix_id, actor=employee)
    )
    if person is None:
        return
    await query.answer(
        l10n.raw("staff-bitrix-linked", name=person.full_name, bitrix=_bitrix(l10n, person))
    )
    await _edit(query, *_card(l10n, person))


async def refuse_forged(query: CallbackQuery, l10n: L10n) -> None:
    await query.answer(l10n.raw("dialog-expired"), show_alert=True)


async def _deactivated(
    query: CallbackQuery,
    session: AsyncSession,
    l10n: L10n,
    person: Employee,
    released: list[int],
) -> None:
    await _edit(query, l10n("staff-deactivated", name=person.full_name, count=len(released)), None)
    if not isinstance(query.message, Message):
        return
    # The director is asked to hand each returned task to someone (the reassign screen).
    for task_id in released:
        task = await session.get(StageTask, task_id)
        if task is None:
            continue
        await query.message.answer(
            l10n(
                "staff-reassign-line",
                order_id=task.order_id,
                stage=stage_label(l10n, task.stage),
            ),
            reply_markup=InlineKeyboardMarkup(
                inline_keyboard=[
                    [
                        _btn(
                            l10n.raw("card-btn-reassign", role=l10n.raw(f"role-{task.role}")),
                            TaskCallback(action=TaskAction.REASSIGN, task_id=task.id),
                        )
                    ]
                ]
            ),
        )


async def _ask_bitrix(
    query: CallbackQuery,
    l10n: L10n,
    settings: Settings,
    state: FSMContext,
    person: Employee,
    *,
    typed: bool,
) -> None:
    if not isinstance(query.message, Message):
        return
    if settings.bitrix24.enabled and not typed:
        try:
            async with Bitrix24Client.from_settings(settings.bitrix24) as client:
                users = await portal_users(client)
        except Exception:  # the portal is optional: fall back to typing the id
            log.warning("staff.bitrix_users_failed", exc_info=True)
            users = None
        if users is not None:
            rows = [
                [
                    _btn(
                        f"{u.name} · {u.id}"[:60],
                        StaffCallback(
                            action=StaffAction.BITRIX_SET, employee_id=person.id, value=str(u.id)
                        ),
                    )
                ]
                for u in users
            ]
            rows.append(
                [
                    _btn(
                        l10n.raw("staff-btn-typed-id"),
                        StaffCallback(action=StaffAction.BITRIX_TYPED, employee_id=person.id),
                    )
                ]
            )
            await query.message.answer(
                l10n("staff-pick-bitrix", name=person.full_name),
                reply_markup=InlineKeyboardMarkup(inline_keyboard=rows),
            )
            return
        await query.message.answer(l10n("staff-bitrix-unavailable"))
    else:
        await query.message.answer(l10n("staff-ask-bitrix", name=person.full_name))
    await state.set_state(DirectorSG.bitrix_id)
    await state.update_data(staff_employee_id=person.id)


async def typed_bitrix_id(
    message: Message,
    session: AsyncSession,
    l10n: L10n,
    employee: Employee,
    state: FSMContext,
) -> None:
    text = (message.text or "").strip()
    if not text.isdigit() or len(text) > 9:
        await message.answer(l10n("staff-bitrix-error"))
        return
    emp_id = int((await state.get_data()).get("staff_employee_id", 0))
    await state.clear()
    try:
        person = await StaffService(session).link_bitrix(emp_id, int(text) or None, actor=employee)
    except DomainError as error:
        await message.answer(l10n(error.key))
        return
    await message.answer(
        l10n("staff-bitrix-linked", name=person.full_name, bitrix=_bitrix(l10n, person))
    )
    text, keyboard = _card(l10n, person)
    await message.answer(text, reply_markup=keyboard)


def setup() -> Router:
    router = Router(name=__name__)
    router.message.register(show, MenuButton("menu-staff"), flags=READS_ONLY)
    router.message.register(show, Command("staff"), flags=READS_ONLY)
    router.message.register(typed_bitrix_id, StateFilter(DirectorSG.bitrix_id), F.text)
    for handler, rule in (
        (turn_page, (F.action == StaffAction.LIST) & F.value.regexp(_OFFSET)),
        (open_card, F.action == StaffAction.OPEN),
        (toggle_role, (F.action == StaffAction.ROLE) & F.value.in_(ROLE_ORDER)),
        (ask_deactivate, F.action == StaffAction.DEACTIVATE),
        (deactivate, F.action == StaffAction.DEACTIVATE_CONFIRMED),
        (ask_bitrix, F.action.in_({StaffAction.BITRIX, StaffAction.BITRIX_TYPED})),
        (link_bitrix, (F.action == StaffAction.BITRIX_SET) & F.value.regexp(_BITRIX_ID)),
    ):
        router.callback_query.register(handler, StaffCallback.filter(rule))
    # A role we do not have, a Bitrix24 id or an offset that is no number: a forged button.
    router.callback_query.register(refuse_forged, StaffCallback.filter())
    return router
