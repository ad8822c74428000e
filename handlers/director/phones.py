"""/settings and «☎️ Кто видит телефоны»: which roles see client numbers in full."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.filters import HasRole
from bot.i18n import L10n
from handlers.director.callbacks import PhoneCallback
from services.clock import Clock
from services.roles import ROLE_ORDER, Role
from services.shop_settings import phone_visible_roles, toggle_phone_role
from services.storage.models import Employee

# The director always sees them; a forged toggle of his own role is refused like any other.
TOGGLED_ROLES = tuple(role for role in ROLE_ORDER if role is not Role.DIRECTOR)


def _keyboard(l10n: L10n, visible: frozenset[str]) -> InlineKeyboardMarkup:
    rows = [
        [
            InlineKeyboardButton(
                text=("✅ " if role in visible else "▫️ ") + l10n.raw(f"role-{role}"),
                callback_data=PhoneCallback(action="toggle", role=role.value).pack(),
            )
        ]
        for role in TOGGLED_ROLES
    ]
    return InlineKeyboardMarkup(inline_keyboard=rows)


async def show(message: Message, session: AsyncSession, l10n: L10n) -> None:
    visible = await phone_visible_roles(session)
    await message.answer(l10n("phones-title"), reply_markup=_keyboard(l10n, visible))


async def act(
    query: CallbackQuery,
    callback_data: PhoneCallback,
    session: AsyncSession,
    l10n: L10n,
    employee: Employee,
    clock: Clock,
) -> None:
    if callback_data.action not in ("show", "toggle") or (
        callback_data.action == "toggle" and callback_data.role not in TOGGLED_ROLES
    ):
        await query.answer(l10n.raw("dialog-expired"), show_alert=True)
        return
    if callback_data.action == "toggle":
        visible = await toggle_phone_role(
            session, Role(callback_data.role), actor=employee, clock=clock
        )
        await query.answer(l10n.raw("phones-saved"))
    else:
        visible = await phone_visible_roles(session)
        await query.answer()
    if isinstance(query.message, Message):
        if callback_data.action == "show":
            await query.message.answer(l10n("phones-title"), reply_markup=_keyboard(l10n, visible))
        else:
            await query.message.edit_reply_markup(reply_markup=_keyboard(l10n, visible))


def setup() -> Router:
    router = Router(name=__name__)
    router.message.filter(HasRole(Role.DIRECTOR))
    router.callback_query.filter(HasRole(Role.DIRECTOR))
    router.message.register(show, Command("settings"))
    router.callback_query.register(act, PhoneCallback.filter())
    return router
