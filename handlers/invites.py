"""Director: one-time, expiring invite links for a role."""

from __future__ import annotations

from datetime import timedelta

from aiogram import Bot, Router
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import InviteRoleCallback
from bot.filters import HasRole, MenuButton
from bot.i18n import L10n
from bot.render.formatting import format_local_datetime
from bot.settings import Settings
from services.staff.roles import ROLE_ORDER, Role
from services.staff.service import StaffService
from services.storage.models import Employee


def invite_link(bot_username: str, token: str) -> str:
    return f"https://t.me/{bot_username}?start={token}"


async def pick_role(message: Message, l10n: L10n) -> None:
    rows = [
        [
            InlineKeyboardButton(
                text=l10n.raw(f"role-{role}"), callback_data=InviteRoleCallback(role=role).pack()
            )
        ]
        for role in ROLE_ORDER
    ]
    await message.answer(
        l10n("invite-pick-role"), reply_markup=InlineKeyboardMarkup(inline_keyboard=rows)
    )


async def create_invite(
    query: CallbackQuery,
    callback_data: InviteRoleCallback,
    bot: Bot,
    session: AsyncSession,
    employee: Employee,
    l10n: L10n,
    settings: Settings,
) -> None:
    role = callback_data.role
    issued = await StaffService(session).create_invite(
        role, actor=employee, ttl=timedelta(hours=settings.shop.invite_ttl_hours)
    )
    me = await bot.me()
    await query.answer()
    text = l10n(
        "invite-created",
        role=l10n.raw(f"role-{role}"),
        expires=format_local_datetime(issued.expires_at, settings.shop.tz, l10n.locale),
        link=invite_link(me.username or "", issued.token),
    )
    if isinstance(query.message, Message):
        await query.message.edit_text(text)


def setup() -> Router:
    router = Router(name=__name__)
    router.message.filter(HasRole(Role.DIRECTOR))
    router.callback_query.filter(HasRole(Role.DIRECTOR))
    router.message.register(pick_role, MenuButton("menu-invite"))
    router.callback_query.register(create_invite, InviteRoleCallback.filter())
    return router
