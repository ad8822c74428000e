"""/start: a plain start shows the menu; a start with an invite token registers the person."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import CommandObject, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import L10n, Translator
from bot.keyboards.menus import main_menu
from bot.render.texts import roles_text
from services.errors import DomainError
from services.staff.service import StaffService
from services.storage.models import Employee


async def start_with_invite(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    translator: Translator,
    l10n: L10n,
    employee: Employee | None,
    state: FSMContext,
) -> None:
    user = message.from_user
    assert user is not None
    try:
        redeemed = await StaffService(session).redeem_invite(
            command.args or "",
            telegram_id=user.id,
            full_name=user.full_name,
            locale=translator.pick(user.language_code),
        )
    except DomainError as error:
        markup = main_menu(l10n, employee.role_names) if employee else None
        await message.answer(l10n(error.key), reply_markup=markup)
        return
    await state.clear()
    joined = redeemed.employee
    l10n = translator.get(joined.locale)
    await message.answer(
        l10n("start-joined", name=joined.full_name, role=l10n.raw(f"role-{redeemed.role}")),
        reply_markup=main_menu(l10n, joined.role_names),
    )


async def start(
    message: Message, employee: Employee, l10n: L10n, state: FSMContext, session: AsyncSession
) -> None:
    await state.clear()
    await StaffService(session).record_start(employee)
    await message.answer(
        l10n("start-welcome", name=employee.full_name, roles=roles_text(l10n, employee.role_names)),
        reply_markup=main_menu(l10n, employee.role_names),
    )


def setup() -> Router:
    router = Router(name=__name__)
    router.message.register(start_with_invite, CommandStart(deep_link=True))
    router.message.register(start, CommandStart())
    return router
